#!/usr/bin/env python3
"""Load video embeddings exported by `watchnext export embeddings` and print a video's
nearest neighbours by inner product.

Usage: python3 Samples/load_embeddings.py EXPORT_DIR [VIDEO_ID]
Needs numpy. The .npy is float32, C order, so it can go straight into FAISS too:
    index = faiss.IndexFlatIP(emb.shape[1]); index.add(emb)
export.json says what an inner product of two rows is: raw u . v_j (what retrieval ranks by),
or, with `export embeddings --normalize`, the cosine that `watchnext neighbors` ranks by.
"""
import json
import sys

import numpy as np


def main():
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    directory = sys.argv[1]
    emb = np.load(f"{directory}/video_embeddings.npy")
    manifest = json.load(open(f"{directory}/export.json", encoding="utf-8"))
    lines = open(f"{directory}/videos.tsv", encoding="utf-8").read().splitlines()
    rows = [line.split("\t", 1) for line in lines[1:]]  # the first line is the header
    ids = [r[0] for r in rows]
    titles = [r[1] if len(r) > 1 else "" for r in rows]
    print(f"{emb.shape[0]} videos x {emb.shape[1]} dimensions, dtype {emb.dtype}; "
          f"inner product = {manifest['similarity']}; {manifest['leftOut']} videos have no embedding")
    query = ids.index(sys.argv[2]) if len(sys.argv) > 2 else 0
    scores = emb @ emb[query]
    print(f"Nearest neighbours of {ids[query]} ({titles[query]}):")
    for i in np.argsort(-scores)[1:11]:
        print(f"  {scores[i]:8.3f}  {ids[i]}  {titles[i]}")


if __name__ == "__main__":
    main()
