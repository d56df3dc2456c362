// `weft show TRACE --html OUT.html`: one self-contained page (no network, no files beside it) with the
// trace as a message sequence diagram: a lane per node, an arrow per delivered message from the step that
// sent it, timers, drops, duplicates, crashes, restarts and partitions marked, the violating step
// highlighted, and each step's event, effects and state shown on click. The page's data is JSON written by
// rapidjson; its script draws the SVG.
#pragma once

#include <weft/cli/request.hpp>
#include <weft/cli/subject.hpp>

#include <weft/file.hpp>
#include <weft/trace.hpp>

#include <rapidjson/stringbuffer.h>
#include <rapidjson/writer.h>

#include <cstdio>
#include <string>
#include <vector>

namespace weft::cli {

namespace detail {
// The kind of a world event (`Deliver`), and the node ids and message bytes in its fields.
struct EventFacts {
  std::string kind;
  std::int64_t from = -1, to = -1, node = -1;
  std::string msg;  // canonical bytes of a message field, to pair deliveries with sends
};

template <class E>
EventFacts facts_of(E const& e) {
  EventFacts f;
  f.kind = std::string(type_name<E>().substr(0, type_name<E>().find('<')));
  if constexpr (Reflected<E>) {
    for_each_field(e, [&](char const* name, auto const& field) {
      std::string_view const n = name;
      if constexpr (std::is_same_v<std::decay_t<decltype(field)>, NodeId>) {
        (n == "from" ? f.from : n == "to" ? f.to : f.node) = field.value;
      } else if (n == "msg") {
        f.msg = canonical_bytes(field);
      }
    });
  }
  return f;
}

template <class V>
EventFacts facts(V const& v) {
  if constexpr (traits::Variant<V>) return std::visit([](auto const& e) { return facts_of(e); }, v);
  else return EventFacts{"step", -1, -1, -1, ""};
}

// What the page draws, as JSON.
template <class M>
std::string page_data(Trace<M> const& t, Run<M> const& run) {
  rapidjson::StringBuffer buffer;
  rapidjson::Writer<rapidjson::StringBuffer> w(buffer);
  auto str = [&](std::string const& s) { w.String(s.c_str(), static_cast<rapidjson::SizeType>(s.size())); };
  std::size_t nodes = 1;
  struct Sent { std::size_t step; std::int64_t from, to; std::string msg; bool used = false; };
  std::vector<Sent> sent;
  if constexpr (requires { run.initial().nodes.size(); run.initial().network; }) {
    nodes = run.initial().nodes.size();
    for (auto const& e : run.initial().network) sent.push_back({0, e.from.value, e.to.value, canonical_bytes(e.msg)});
  }
  w.StartObject();
  w.Key("protocol"), str(t.header.protocol);
  w.Key("config"), str(to_text(t.header.config));
  w.Key("property"), str(t.header.property);
  w.Key("expect"), str(t.header.expect);
  w.Key("nodes"), w.Uint64(nodes);
  w.Key("violating"), w.Int64(t.header.expect == expect::violates && !t.header.loop_start ? static_cast<std::int64_t>(t.steps.size()) : -1);
  w.Key("initial"), str(to_text(run.initial()));
  w.Key("steps"), w.StartArray();
  for (std::size_t i = 0; i < t.steps.size(); ++i) {
    auto const& step = t.steps[i];
    EventFacts const f = facts(step.event);
    std::int64_t sent_at = -1;
    if (f.kind == "Duplicate") sent.push_back({i + 1, f.from, f.to, f.msg});  // a second copy, in flight from here
    if (f.kind == "Deliver" || f.kind == "Drop")
      for (auto& s : sent)
        if (!s.used && s.from == f.from && s.to == f.to && s.msg == f.msg) {
          s.used = true, sent_at = static_cast<std::int64_t>(s.step);
          break;
        }
    w.StartObject();
    w.Key("text"), str(step.text);
    w.Key("kind"), str(f.kind);
    w.Key("from"), w.Int64(f.from);
    w.Key("to"), w.Int64(f.to);
    w.Key("node"), w.Int64(f.node);
    w.Key("sent"), w.Int64(sent_at);
    w.Key("effects"), w.StartArray();
    for (auto const& e : run.effects[i]) {
      str(to_text(e));
      if constexpr (requires { e.effect; e.node; }) {
        EventFacts const ef = facts(e.effect);
        if (ef.kind == "Send") sent.push_back({i + 1, e.node.value, ef.to, ef.msg});
      }
    }
    w.EndArray();
    w.Key("state"), str(to_text(run.states[i + 1]));
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  std::string json = buffer.GetString();
  for (std::size_t at; (at = json.find("</")) != std::string::npos;) json.replace(at, 2, "<\\/");  // stays inside <script>
  return json;
}

inline constexpr char const* page_head = R"HTML(<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>weft trace</title>
<style>
body{font:13px system-ui,sans-serif;margin:0;display:flex;height:100vh;background:#fff;color:#222}
#left{flex:3;overflow:auto;border-right:1px solid #ccc}#right{flex:2;overflow:auto;padding:10px}
h1{font-size:15px;margin:10px}.meta{margin:0 10px 8px;color:#555}
pre{white-space:pre-wrap;font:12px ui-monospace,monospace;background:#f6f6f6;padding:8px}
.row{cursor:pointer}.row:hover rect.band{fill:#eef4ff}.sel rect.band{fill:#dde8ff}
.bad rect.band{fill:#ffd9d9}text{font:12px ui-monospace,monospace}
</style></head><body><div id="left"><h1 id="title"></h1><div class="meta" id="meta"></div><svg id="chart"></svg></div>
<div id="right"><h1>Step</h1><div id="detail">Click a step.</div></div>
<script>
window.onerror=function(m){document.body.setAttribute('data-error',String(m));};
const T=)HTML";

inline constexpr char const* page_tail = R"HTML(;
const NS='http://www.w3.org/2000/svg',LANE=170,ROW=34,TOP=56,LEFT=150;
function el(n,a,p){const e=document.createElementNS(NS,n);for(const k in a)e.setAttribute(k,a[k]);if(p)p.appendChild(e);return e;}
function txt(p,x,y,s,a){const t=el('text',Object.assign({x:x,y:y},a||{}),p);t.textContent=s;return t;}
function esc(s){return s.replace(/[&<>]/g,c=>({'&':'&amp;','<':'&lt;','>':'&gt;'}[c]));}
const svg=document.getElementById('chart'),NOTES=LEFT+T.nodes*LANE+10,W=NOTES+330,H=TOP+(T.steps.length+1)*ROW+20;
svg.setAttribute('width',W);svg.setAttribute('height',H);
document.getElementById('title').textContent='weft trace: '+T.protocol;
document.getElementById('meta').textContent='expects: '+T.expect+(T.property?' "'+T.property+'"':'')+'   config: '+T.config;
const X=n=>LEFT+n*LANE+LANE/2,Y=k=>TOP+k*ROW;
el('defs',{},svg).innerHTML='<marker id="a" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="7" markerHeight="7" orient="auto"><path d="M0,0L10,5L0,10z" fill="#246"/></marker>';
let selected=null;
function show(k,g){if(selected)selected.classList.remove('sel');selected=g;if(g)g.classList.add('sel');
 const s=k==0?null:T.steps[k-1];document.getElementById('detail').innerHTML=(k==0?'<b>initial state</b>':
 '<b>'+k+'. '+esc(s.text)+'</b><p>effects:</p><pre>'+esc(s.effects.join('\n')||'(none)')+'</pre>')+
 '<p>state after it:</p><pre>'+esc(k==0?T.initial:s.state)+'</pre>';}
for(let k=0;k<=T.steps.length;k++){const g=el('g',{class:'row'+(k==T.violating?' bad':'')},svg);
 el('rect',{class:'band',x:0,y:Y(k)-ROW/2,width:W,height:ROW,fill:k==T.violating?'#ffd9d9':'transparent'},g);
 txt(g,8,Y(k)+4,k==0?'0 start':(k+' '+T.steps[k-1].kind));g.addEventListener('click',()=>show(k,g));}
for(let n=0;n<T.nodes;n++){txt(svg,X(n)-10,TOP-30,'n'+n,{'font-weight':'bold'});
 el('line',{x1:X(n),y1:TOP-20,x2:X(n),y2:Y(T.steps.length)+10,stroke:'#999','stroke-dasharray':'4 3'},svg);}
T.steps.forEach((s,i)=>{const k=i+1,y=Y(k),g=svg;
 const mark=(n,c,label)=>{el('circle',{cx:X(n),cy:y,r:6,fill:c},g);txt(g,X(n)+10,y+4,label,{fill:c});};
 if(s.kind=='Deliver'||s.kind=='Drop'){const y0=s.sent>=0?Y(s.sent):Y(0)-ROW/2,x1=X(s.from),x2=X(s.to);
  const end=s.kind=='Drop'?{x:(x1+x2)/2,y:(y0+y)/2}:{x:x2,y:y};
  el('line',{x1:x1,y1:y0,x2:end.x,y2:end.y,stroke:s.kind=='Drop'?'#c33':'#246','stroke-width':1.5,'marker-end':s.kind=='Drop'?'':'url(#a)'},g);
  if(s.kind=='Drop')txt(g,end.x-4,end.y+4,'\u2715',{fill:'#c33'});
  txt(g,(x1+end.x)/2-40,(y0+end.y)/2-4,s.text.replace(/^\w+ n\d+->n\d+ /,'').slice(0,40),{fill:'#246'});}
 else if(s.kind=='Duplicate'){mark(s.from,'#b70','duplicate to n'+s.to);}
 else if(s.kind=='Timeout'){mark(s.node,'#a60','\u23F0 '+s.text.replace(/^timeout n\d+ /,''));}
 else if(s.kind=='UserInput'){el('line',{x1:LEFT-10,y1:y,x2:X(s.node),y2:y,stroke:'#383','marker-end':'url(#a)'},g);
  txt(g,LEFT,y-4,s.text.replace(/^input n\d+ /,''),{fill:'#383'});}
 else if(s.kind=='Crash'){mark(s.node,'#c00','\u2716 crash');}
 else if(s.kind=='Restart'){mark(s.node,'#080','\u21BB restart');}
 else if(s.kind=='Partition'||s.kind=='Heal'){el('line',{x1:LEFT,y1:y,x2:W-20,y2:y,stroke:'#c0c','stroke-dasharray':'8 4'},g);
  txt(g,LEFT+4,y-4,s.text,{fill:'#c0c'});}
 else{txt(g,LEFT,y+4,s.text);}
 const notes=s.effects.filter(e=>/^n\d+: (set timer|cancel timer|output)/.test(e));
 notes.slice(0,2).forEach((e,j)=>txt(g,NOTES,y-4+j*12,e.slice(0,48),{fill:'#888','font-size':'10px'}));});
show(T.violating>0?T.violating:0,null);
document.body.setAttribute('data-rendered',String(T.steps.length));
</script></body></html>
)HTML";
}  // namespace detail

}  // namespace weft::cli
