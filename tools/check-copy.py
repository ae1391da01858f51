#!/usr/bin/env python3
"""Report any run of >= 25 characters in the given files that also appears in the seeds (whitespace ignored)."""
import re, sys, glob, os
N = 25
here = os.path.dirname(os.path.abspath(__file__))
seeds = glob.glob(os.path.join(here, '..', '..', 'shared', 'seeds', '0*.txt'))
norm = lambda s: re.sub(r'\s+', '', s)
seed_text = '\n'.join(norm(open(f, encoding='utf-8').read()) for f in seeds)
grams = {seed_text[i:i+N] for i in range(len(seed_text) - N + 1)}
bad = 0
for path in sys.argv[1:]:
    t = norm(open(path, encoding='utf-8').read())
    i = 0
    while i <= len(t) - N:
        if t[i:i+N] in grams:
            print(f'{path}: copied run: {t[i:i+N+15]}'); bad += 1; i += N
        else:
            i += 1
print('copied runs:', bad)
sys.exit(1 if bad else 0)
