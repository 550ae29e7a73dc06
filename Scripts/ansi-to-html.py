#!/usr/bin/env python3
"""Turns a terminal capture with colours into an HTML page, for the README's screenshots of race plot:
  tmux new-session -d -s shot -x 80 -y 24; tmux send-keys -t shot "TERM=xterm-256color race plot Scenarios/alliances-2025.race cash" Enter
  tmux capture-pane -t shot -e -p > plot.ansi; python3 Scripts/ansi-to-html.py plot.ansi > plot.html
  chromium --headless --hide-scrollbars --screenshot=docs/plot-alliances-80x24.png --window-size=760,460 file://$PWD/plot.html
Every character outside ASCII (braille, markers) gets a cell of its own width, so a fallback font cannot shift the columns.
"""
import re, sys, html
def c256(n):
    base=[(0,0,0),(205,49,49),(13,188,121),(229,229,16),(36,114,200),(188,63,188),(17,168,205),(229,229,229),
          (102,102,102),(241,76,76),(35,209,139),(245,245,67),(59,142,234),(214,112,214),(41,184,219),(255,255,255)]
    if n<16: r,g,b=base[n]
    elif n<232:
        n-=16; v=[0,95,135,175,215,255]; r,g,b=v[n//36],v[(n//6)%6],v[n%6]
    else: x=8+10*(n-232); r,g,b=x,x,x
    return f"#{r:02x}{g:02x}{b:02x}"
def cells(seg):
    return ''.join(c if ord(c)<128 and c not in '<>&' else (html.escape(c) if ord(c)<128 else f'<span class=w>{c}</span>') for c in seg)
def span(seg, fg, bold, dim):
    style=[]
    if fg: style.append(f"color:{fg}")
    if bold: style.append("font-weight:bold")
    if dim: style.append("opacity:0.6")
    return f'<span style="{";".join(style)}">{cells(seg)}</span>' if style and seg else cells(seg)
text=open(sys.argv[1],encoding='utf-8').read().rstrip('\n').split('\n')
out=[]
for line in text:
    fg=None; bold=False; dim=False; parts=[]
    pos=0
    for m in re.finditer(r'\x1b\[([0-9;]*)m', line):
        parts.append(span(line[pos:m.start()], fg, bold, dim))
        codes=[int(c) if c else 0 for c in m.group(1).split(';')]
        i=0
        while i<len(codes):
            c=codes[i]
            if c==0: fg=None; bold=False; dim=False
            elif c==1: bold=True
            elif c==2: dim=True
            elif c==22: bold=False; dim=False
            elif c==39: fg=None
            elif c==38 and i+2<len(codes) and codes[i+1]==5: fg=c256(codes[i+2]); i+=2
            elif 30<=c<=37: fg=c256(c-30)
            elif 90<=c<=97: fg=c256(c-90+8)
            i+=1
        pos=m.end()
    parts.append(span(line[pos:], fg, bold, dim))
    out.append(''.join(parts))
print('<!doctype html><meta charset="utf-8"><style>body{margin:0;background:#1e1e1e;color:#d4d4d4}pre{margin:6px 8px;} .w{display:inline-block;width:1ch;overflow:visible} pre{font:15px/18.6px "DejaVu Sans Mono",monospace}</style><pre>'+'\n'.join(out)+'</pre>')
