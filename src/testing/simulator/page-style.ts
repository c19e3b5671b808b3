/** The host page's CSS: close to onOffice enterprise (dark header bar, green accents, Open Sans / Arial). Offline: no web fonts. */
export const PAGE_CSS = `
*{box-sizing:border-box}
html,body{margin:0;height:100%}
body{font-family:'Open Sans',Arial,Helvetica,sans-serif;font-size:13px;color:#333;background:#eef0f2}
header.oo-bar{display:flex;align-items:center;gap:16px;height:48px;padding:0 16px;background:#2d3238;color:#fff}
.oo-logo{font-weight:700;font-size:16px;letter-spacing:.2px}
.oo-logo span{color:#8cbf26}
.oo-bar nav{display:flex;gap:2px;margin-left:16px}
.oo-bar nav a{color:#cfd4da;text-decoration:none;padding:14px 12px;font-size:13px}
.oo-bar nav a.active{color:#fff;box-shadow:inset 0 -3px 0 #8cbf26}
.oo-user{margin-left:auto;color:#cfd4da;font-size:12px;text-align:right;line-height:1.3}
main{display:grid;grid-template-columns:minmax(0,1fr) 340px;gap:16px;padding:16px;max-width:1280px;margin:0 auto}
.oo-panel{background:#fff;border:1px solid #d9dde1;border-radius:3px;margin-bottom:16px}
.oo-panel>h2{margin:0;padding:10px 14px;font-size:14px;font-weight:600;border-bottom:1px solid #e3e6e9;background:#f7f8f9}
.oo-panel .oo-body{padding:14px}
.oo-service{display:flex;gap:14px;align-items:flex-start}
.oo-service-icon{width:56px;height:56px;border-radius:4px;background:#8cbf26;color:#fff;font-size:24px;font-weight:700;display:flex;align-items:center;justify-content:center;flex:none}
.oo-service h3{margin:0 0 4px;font-size:15px}
.oo-muted{color:#777}
.oo-files{margin:0;padding-left:16px}
.oo-status{display:inline-block;margin-top:6px;padding:2px 8px;border-radius:10px;background:#e3e6e9;font-size:12px;font-weight:600}
.oo-status[data-state=active]{background:#e5f2cf;color:#4f7a0a}
.oo-status[data-state=pending]{background:#fff3cd;color:#8a6d00}
button{padding:6px 14px;border:1px solid transparent;border-radius:2px;background:#80a33c;color:#fff;font:inherit;font-weight:600;cursor:pointer}
button:hover{background:#6f8f31}
button.oo-secondary{background:#fff;color:#333;border-color:#c3c3c3}
button.oo-secondary:hover{background:#f2f2f2}
button[disabled]{background:#c3c3c3;cursor:not-allowed}
.oo-actions{margin-left:auto;display:flex;gap:8px}
.oo-key{display:flex;gap:12px;align-items:center;padding:10px 12px;border-bottom:1px solid #d9dde1;background:#f7fbef}
.oo-key-text{flex:1;display:flex;flex-direction:column;gap:3px;min-width:0}
.oo-key code{font-family:Consolas,Menlo,monospace;font-size:13px;word-break:break-all;user-select:all;background:#fff;border:1px solid #c9dca4;padding:4px 6px;border-radius:2px}
.oo-key-actions{display:flex;flex-direction:column;gap:6px;align-items:stretch;flex:none;width:170px}
.oo-copy-status{font-size:12px;color:#4f7a0a;min-height:1em}
.oo-log-empty{margin:6px 0 0;font-size:12px}
table{width:100%;border-collapse:collapse}
th,td{text-align:left;padding:7px 8px;border-bottom:1px solid #eceef0;vertical-align:middle}
th{font-weight:600;color:#555;background:#fafbfc}
select{font:inherit;padding:3px 4px;border:1px solid #c3c3c3;border-radius:2px}
.oo-error{margin:0 0 16px;padding:10px 14px;border:1px solid #e5b3ad;background:#fbeceb;color:#a12a1e;border-radius:3px}
.oo-refresh{font-size:12px}
.oo-row-actions{white-space:nowrap}
.oo-note{margin:10px 0 0;font-size:12px}
.oo-note button{margin-left:6px;padding:2px 8px}
#log{list-style:none;margin:0;padding:0;max-height:420px;overflow:auto;font-size:12px}
#log li{padding:6px 4px;border-bottom:1px solid #f0f1f2}
#log li time{color:#999;margin-right:6px}
#log li[data-ok=false]{color:#a12a1e}
#log li[data-ok=true]{color:#3d6108}
.oo-overlay{position:fixed;inset:0;background:rgba(20,24,28,.55);display:flex;align-items:center;justify-content:center;z-index:10}
.oo-window{background:#fff;border-radius:3px;box-shadow:0 8px 40px rgba(0,0,0,.35);display:flex;flex-direction:column;width:min(960px,94vw);height:min(700px,88vh)}
.oo-window-head{display:flex;align-items:center;padding:8px 12px;background:#2d3238;color:#fff;border-radius:3px 3px 0 0}
.oo-window-head strong{font-weight:600}
.oo-window-head button{margin-left:auto;background:transparent;border:0;color:#fff;font-size:18px;padding:0 6px}
#provider-frame{flex:1;border:0;width:100%}
.oo-dialog{background:#fff;border-radius:3px;box-shadow:0 8px 40px rgba(0,0,0,.35);width:min(460px,94vw)}
.oo-dialog h2{margin:0;padding:12px 16px;font-size:15px;border-bottom:1px solid #e3e6e9}
.oo-dialog .oo-body{padding:14px 16px}
.oo-dialog footer{display:flex;justify-content:flex-end;gap:8px;padding:12px 16px;border-top:1px solid #e3e6e9}
.oo-total{display:flex;justify-content:space-between;font-weight:700;margin:10px 0 12px;font-size:14px}
.oo-methods label{display:block;margin:4px 0}
.oo-sandbox{font-size:11px;color:#8a6d00;background:#fff3cd;padding:4px 8px;border-radius:2px;margin-bottom:10px}
.oo-payment-overlay{z-index:20}
[hidden]{display:none!important}
@media (max-width:900px){main{grid-template-columns:1fr}}
`
