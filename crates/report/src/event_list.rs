//! The HTML event list: one compact row per event (date, actor → type →
//! target, place, casualties, flags), grouped under one heading row per
//! article instead of repeating the headline, with the stating sentence (and
//! the ACLED type) on hover.
//!
//! The table is complete without JavaScript. A small inline script (no
//! external code) adds a filter box and pages of [`PAGE_ROWS`] rows; it only
//! hides rows, so a browser without scripts shows the static table.
//!
//! Example row: `2024-01-28 | A drone → ASSAULT (aerial, “struck”) → US
//! personnel | Al-Tanf | 34 injured |` under the heading `Drone attack wounds
//! US troops in Syria · published 2024-01-29 · 2 events`.

use std::fmt::Write as _;

use crate::html::escape;
use crate::summary::{DateBasis, EventLine};

/// Rows per page when the script runs.
const PAGE_ROWS: usize = 50;

/// Paginates and filters `#event-list`; rows are hidden, never removed.
const SCRIPT: &str = r"(function(){
var box=document.getElementById('event-list');if(!box)return;
var rows=Array.prototype.slice.call(box.querySelectorAll('tr.ev'));
var groups=Array.prototype.slice.call(box.querySelectorAll('tbody'));
var bar=box.querySelector('.controls'),input=bar.querySelector('input');
var info=bar.querySelector('.info'),prev=bar.querySelector('.prev'),next=bar.querySelector('.next');
var per=PAGE,page=0,shown=rows;
function draw(){
var from=page*per,to=Math.min(from+per,shown.length);
rows.forEach(function(r){r.hidden=true;});
for(var i=from;i<to;i++){shown[i].hidden=false;}
groups.forEach(function(g){g.hidden=!g.querySelector('tr.ev:not([hidden])');});
info.textContent=shown.length?('Events '+(from+1)+'\u2013'+to+' of '+shown.length+(shown.length<rows.length?' matching (of '+rows.length+')':'')):'No event matches';
prev.disabled=page===0;next.disabled=to>=shown.length;}
input.addEventListener('input',function(){
var q=input.value.toLowerCase();
shown=rows.filter(function(r){return (r.textContent+' '+r.title).toLowerCase().indexOf(q)>=0;});
page=0;draw();});
prev.addEventListener('click',function(){if(page>0){page--;draw();}});
next.addEventListener('click',function(){if((page+1)*per<shown.length){page++;draw();}});
bar.hidden=false;draw();})();";

/// Renders the event list table and its script.
pub(crate) fn render(out: &mut String, events: &[EventLine]) {
    if events.is_empty() {
        out.push_str("<p class=\"empty\">None.</p>\n");
        return;
    }
    out.push_str(
        "<div id=\"event-list\">\n<div class=\"controls\" hidden><input type=\"search\" placeholder=\"Filter: actor, type, place, words of the sentence\" aria-label=\"Filter events\"> <button type=\"button\" class=\"prev\">‹ Previous</button> <span class=\"info\"></span> <button type=\"button\" class=\"next\">Next ›</button></div>\n",
    );
    out.push_str("<table class=\"events\"><colgroup><col class=\"c-date\"><col><col class=\"c-place\"><col class=\"c-cas\"><col class=\"c-flags\"></colgroup>\n<thead><tr><th>Date</th><th>Actor → event → target</th><th>Place</th><th>Casualties</th><th>Flags</th></tr></thead>\n");
    let mut start = 0;
    while start < events.len() {
        let article = &events[start].article_id;
        let end = events[start..]
            .iter()
            .position(|e| &e.article_id != article)
            .map_or(events.len(), |n| start + n);
        group(out, &events[start..end]);
        start = end;
    }
    out.push_str("</table>\n</div>\n<script>");
    out.push_str(&SCRIPT.replace("PAGE", &PAGE_ROWS.to_string()));
    out.push_str("</script>\n");
}

/// One article's heading row and its event rows.
fn group(out: &mut String, events: &[EventLine]) {
    let first = &events[0];
    let published = if first.published.is_empty() {
        String::new()
    } else {
        format!(" · published {}", first.published)
    };
    let _ = writeln!(
        out,
        "<tbody><tr class=\"group\"><th colspan=\"5\">{}<span class=\"note\">{published} · {} event{}</span></th></tr>",
        escape(&first.headline),
        events.len(),
        if events.len() == 1 { "" } else { "s" }
    );
    for e in events {
        let hover = if e.acled.is_empty() {
            e.sentence.clone()
        } else {
            format!("{} — ACLED: {}", e.sentence, e.acled)
        };
        let date = match (e.short_date.is_empty(), e.dated) {
            (false, _) => escape(&e.short_date),
            (true, Some((day, DateBasis::Sentence))) => {
                format!("<span class=\"note\">{day} (sentence)</span>")
            }
            _ => String::new(),
        };
        let _ = writeln!(
            out,
            "<tr class=\"ev\" title=\"{}\"><td>{date}</td><td>{} → <b>{}</b>{} → {}</td><td>{}</td><td>{}</td><td>{}</td></tr>",
            escape(&hover),
            escape(or_unknown(&e.actor)),
            escape(&e.plover_type),
            escape(
                e.event_type
                    .strip_prefix(e.plover_type.as_str())
                    .unwrap_or("")
            ),
            escape(or_unknown(&e.target)),
            escape(&e.place),
            escape(&e.casualties),
            escape(&e.flags),
        );
    }
    out.push_str("</tbody>\n");
}

fn or_unknown(text: &str) -> &str {
    if text.is_empty() { "?" } else { text }
}
