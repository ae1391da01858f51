"""Draws build/icon.png (512x512 RGBA): a check mark in a ring on a blue rounded square. Standard library only."""
import math, os, struct, zlib
N=512; S=3
def seg_dist(px,py,ax,ay,bx,by):
    dx,dy=bx-ax,by-ay; t=max(0,min(1,((px-ax)*dx+(py-ay)*dy)/(dx*dx+dy*dy)))
    return math.hypot(px-(ax+t*dx),py-(ay+t*dy))
def inside_round_rect(x,y,r=104,m=16):
    x0,y0,x1,y1=m,m,N-m,N-m
    cx=min(max(x,x0+r),x1-r); cy=min(max(y,y0+r),y1-r)
    return (x-cx)**2+(y-cy)**2<=r*r and x0<=x<=x1 and y0<=y<=y1
rows=[]
for j in range(N):
    row=bytearray([0])
    for i in range(N):
        acc=[0.0,0.0,0.0,0.0]
        for sj in range(S):
            for si in range(S):
                x=i+(si+0.5)/S; y=j+(sj+0.5)/S
                if not inside_round_rect(x,y): continue
                t=y/N
                col=(37+(30-37)*t, 99+(64-99)*t, 235+(175-235)*t)
                d=math.hypot(x-256,y-256)
                white = abs(d-168)<=14 or min(seg_dist(x,y,168,262,232,326),seg_dist(x,y,232,326,352,198))<=22
                if white: col=(255,255,255)
                acc[0]+=col[0];acc[1]+=col[1];acc[2]+=col[2];acc[3]+=255
        n=S*S
        a=acc[3]/n
        if a>0:
            k=acc[3]/255
            row+=bytes([round(acc[0]/k),round(acc[1]/k),round(acc[2]/k),round(a)])
        else: row+=bytes([0,0,0,0])
    rows.append(bytes(row))
raw=b''.join(rows)
def chunk(t,d): return struct.pack('>I',len(d))+t+d+struct.pack('>I',zlib.crc32(t+d)&0xffffffff)
png=b'\x89PNG\r\n\x1a\n'+chunk(b'IHDR',struct.pack('>IIBBBBB',N,N,8,6,0,0,0))+chunk(b'IDAT',zlib.compress(raw,9))+chunk(b'IEND',b'')
open(os.path.join(os.path.dirname(os.path.abspath(__file__)), 'icon.png'), 'wb').write(png)
