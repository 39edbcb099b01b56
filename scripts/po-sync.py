#!/usr/bin/env python3
"""po-sync.py - developer helper: list msgids used in templates and C
sources that are missing from po/*.po (the build fails on them anyway;
this prints them as ready-to-fill po entries).  Not needed to build."""
import glob, re, sys

def used():
    ids = []
    def add(s):
        if s not in ids:
            ids.append(s)
    for f in sorted(glob.glob('templates/*.html')):
        for m in re.finditer(r'\{\{\s*t\s+"((?:[^"\\]|\\.)*)"\s*\}\}', open(f).read()):
            add(m.group(1))
    for f in sorted(glob.glob('src/**/*.c', recursive=True)):
        src = open(f).read()
        for m in re.finditer(r'\b(?:N_\(|tr\([^,()]+,)\s*((?:"(?:[^"\\]|\\.)*"\s*)+)\)', src):
            add(''.join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1))))
    return ids

def known(path):
    return set(re.findall(r'^msgid "((?:[^"\\]|\\.)*)"', open(path).read(), re.M))

ids = used()
for po in sys.argv[1:] or ['po/de.po', 'po/en.po']:
    have = known(po)
    for i in ids:
        if i not in have:
            print(f'# {po}\nmsgid "{i}"\nmsgstr ""\n')
