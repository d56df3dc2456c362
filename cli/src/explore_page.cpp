// The explorer's page (explore_page.hpp). Its script keeps the path in the URL's fragment (`#0.3.1`), so
// the browser's back and forward walk the path and a link names a state; every view is drawn from the
// server's JSON. DOM hooks for tests: body[data-path], body[data-loaded] (loads so far), body[data-error],
// #events button[data-index], #properties li[data-value], #check-result[data-bound].
#include <weft/cli/explore_page.hpp>

namespace weft::cli {

std::string_view explore_page() {
  return R"HTML(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>weft explore</title>
<style>
body{font:13px system-ui,sans-serif;margin:0;color:#222;display:flex;flex-direction:column;height:100vh}
header{padding:6px 10px;border-bottom:1px solid #ccc;background:#f7f7f7}
header h1{font-size:15px;margin:0 0 4px}#config{color:#555}
#nav button{margin-right:4px}#path{margin-top:4px;line-height:1.6}#path a{margin-right:2px}
main{flex:1;display:flex;min-height:0}#left{flex:3;border-right:1px solid #ccc}#left iframe{width:100%;height:100%;border:0}
#right{flex:2;overflow:auto;padding:0 10px 10px}h2{font-size:14px;margin:12px 0 4px}h3{font-size:12px;margin:6px 0 2px;color:#555}
ol,ul{margin:0;padding-left:22px}li{margin:2px 0;font:12px ui-monospace,monospace}
#events li{list-style:none;margin-left:-22px}#events button{font:12px ui-monospace,monospace;text-align:left}
.changes{color:#264;font-size:11px;margin:1px 0 4px 8px}.why{color:#a33;font-size:11px;margin:1px 0 4px 8px}
.good{color:#262}.bad{color:#b00;font-weight:bold}.na{color:#777}.kind{color:#777;font-weight:normal}.none{color:#777}
#status{color:#b00;white-space:pre-wrap}table{border-collapse:collapse}td,th{border:1px solid #ccc;padding:2px 6px;text-align:left}
</style></head><body>
<header><h1 id="title">weft explore</h1><div id="config"></div>
<div id="nav"><button id="back" title="the browser's back">&#9664; back</button><button id="forward">forward &#9654;</button>
<button id="up">undo last step</button> <label>open a trace: <input type="file" id="trace" accept=".json"></label> <span id="trace-info"></span></div>
<div id="path"></div><div id="status"></div></header>
<main><div id="left"><iframe id="diagram" title="the path as a sequence diagram"></iframe></div>
<div id="right">
<h2>Events</h2><ul id="events"></ul>
<h2>Properties here</h2><ul id="properties"></ul>
<h2>Check from here</h2>
<label>depth <input id="depth" type="number" value="20" min="1" style="width:5em"></label>
<label>states <input id="states" type="number" value="1000000" min="1" style="width:8em"></label>
<button id="check">check</button><div id="check-out"></div>
<h2>State</h2><div id="fields"></div>
</div></main>
<script>
const $=id=>document.getElementById(id);
let loads=0;
function esc(s){return String(s).replace(/[&<>"]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;','"':'&quot;'}[c]));}
function current(){return decodeURIComponent(location.hash.slice(1))||'0';}
async function api(url,options){const r=await fetch(url,options);const t=await r.text();if(!r.ok)throw new Error(t.trim());return t;}
function fail(e){$('status').textContent=e.message;document.body.dataset.error=e.message;}
function go(path){if(current()===path)load(path);else location.hash=path;}
async function load(path){
  try{
    const s=JSON.parse(await api('/api/state?path='+encodeURIComponent(path)));
    render(s);
    // replace(), not src=: the frame's loads must not become entries of the browser's history
    $('diagram').contentWindow.location.replace('/api/diagram?path='+encodeURIComponent(path));
    $('status').textContent='';delete document.body.dataset.error;
    document.body.dataset.path=s.path;document.body.dataset.loaded=String(++loads);
  }catch(e){fail(e);}
}
function render(s){
  $('title').textContent='weft explore: '+s.protocol;$('config').textContent=s.config;
  const parts=s.path.split('.');
  let html='<a href="#'+parts[0]+'" data-step="0">initial state</a>';
  s.steps.forEach((t,k)=>{html+=' &rarr; <a href="#'+parts.slice(0,k+2).join('.')+'" data-step="'+(k+1)+'">'+(k+1)+'. '+esc(t)+'</a>';});
  $('path').innerHTML=html;$('up').disabled=parts.length<2;
  $('fields').innerHTML=s.fields.map(f=>'<h3>'+esc(f.name)+'</h3>'+(f.items.length?'<ol start="0">'+f.items.map(i=>'<li>'+esc(i)+'</li>').join('')+'</ol>':'<p class="none">(none)</p>')).join('');
  $('properties').innerHTML=s.properties.map(p=>{const v=p.value===null?'n/a':String(p.value);
    return '<li data-value="'+v+'" class="'+(p.value===false?'bad':p.value===true?'good':'na')+'">'+(p.value===null?'&ndash;':p.value?'&#10003;':'&#10007;')+
      ' <b>'+esc(p.name)+'</b> <span class="kind">'+esc(p.kind)+(p.value===null?' (judged on runs, not states)':'')+'</span></li>';}).join('');
  $('events').innerHTML=s.events.length?s.events.map(e=>'<li><button data-index="'+e.index+'"'+(e.enabled?'':' disabled')+' title="'+esc(e.class)+'">'+esc(e.text)+'</button>'+
    (e.enabled?'<div class="changes">'+(e.changes.map(esc).join('<br>')||'(changes nothing)')+'</div>':'<div class="why">not enabled: '+esc(e.why)+'</div>')+'</li>').join('')
    :'<li class="none">no event'+(s.dead_end?': the run ends here':'')+'</li>';
  $('events').querySelectorAll('button').forEach(b=>b.onclick=()=>go(s.path+'.'+b.dataset.index));
}
async function checkHere(){
  const q='/api/check?path='+encodeURIComponent(current())+'&depth='+encodeURIComponent($('depth').value)+'&states='+encodeURIComponent($('states').value);
  $('check-out').textContent='checking...';
  try{
    const r=JSON.parse(await api(q));
    $('check-out').innerHTML='<p>'+r.distinct+' states, '+r.generated+' generated, depth '+r.depth+', '+r.seconds.toFixed(2)+' s: '+(r.complete?'complete':'bounded by '+esc(r.bound))+'</p>'+
      '<table id="check-result" data-bound="'+esc(r.bound)+'"><tr><th>property</th><th>verdict</th><th></th></tr>'+
      r.properties.map(p=>'<tr data-verdict="'+p.verdict+'"><td>'+esc(p.name)+'</td><td class="'+(p.verdict=='fails'?'bad':'')+'">'+p.verdict+'</td><td>'+
        (p.path?'<a class="found" href="#'+p.path+'">go to its '+(p.verdict=='fails'?'counterexample':'witness')+'</a>':'')+'</td></tr>').join('')+'</table>';
  }catch(e){$('check-out').textContent='';fail(e);}
}
async function openTraceText(text){
  const r=JSON.parse(await api('/api/trace',{method:'POST',body:text}));
  $('trace-info').textContent='a trace that '+r.expect+(r.property?' "'+r.property+'"':'');
  go(r.path);
  return r.path;
}
$('back').onclick=()=>history.back();$('forward').onclick=()=>history.forward();
$('up').onclick=()=>{const p=current().split('.');if(p.length>1)go(p.slice(0,-1).join('.'));};
$('check').onclick=checkHere;
$('trace').onchange=e=>{const f=e.target.files[0];if(f)f.text().then(openTraceText).catch(fail);};
window.onhashchange=()=>load(current());
window.onerror=m=>{document.body.dataset.error=String(m);};
load(current());
</script></body></html>
)HTML";
}

}  // namespace weft::cli
