#!/usr/bin/env python3
"""Recomputes the conversation metrics from turns.csv, as the README
defines them, and compares them with what saidwhat wrote.

    python3 tests/python/check_metrics.py OUT_DIR

An implementation of its own (pandas, from the definitions in the README's
"Conversation metrics" section, not from the Rust code): speakers,
documents, follows, topics and topic_totals are checked cell by cell
against it. Prints what it checked; exits 1 with the first difference.
"""

import sys

import pandas as pd

# Formats whose turns end where their last cue ends (their ends are given).
GIVES_ENDS = {"webvtt", "srt", "sbv", "whisper-json", "whisper-tsv", "rev-json"}


def load(out, name):
    return pd.read_csv(f"{out}/{name}.csv", keep_default_na=False, na_values=[""], dtype=str)


def num(v):
    return None if pd.isna(v) else float(v)


def close(a, b, tol):
    if a is None or b is None:
        return a is None and b is None
    return abs(a - b) <= tol


def fail(what):
    print(f"MISMATCH {what}")
    sys.exit(1)


def talk_turns(turns):
    flags = turns["turn_flags"].fillna("")
    keep = (turns["kind"] == "speech") & ~flags.str.split(";").apply(
        lambda f: "nonspeech" in f or "hallucination" in f
    )
    return turns[keep]


def main(out):
    # An empty speaker is a speaker too (a turn nobody is named for).
    turns = load(out, "turns").fillna({"speaker": ""})
    docs = load(out, "documents").set_index("doc_id")
    speakers = load(out, "speakers").fillna({"speaker": ""})
    follows = load(out, "follows").fillna({"speaker": "", "next_speaker": ""})
    topics = load(out, "topics").fillna({"raised_by": ""})
    checked = {"speakers": 0, "documents": 0, "follows": 0, "topics": 0}
    want_follows = {}
    for doc_id, group in talk_turns(turns).groupby("doc_id", sort=True):
        t = group.assign(
            start=group["start_s"].map(num),
            end=group["end_s"].map(num),
            turn=group["turn"].astype(int),
        ).sort_values("turn")
        # Ends are given where the format gives them and a talk turn has one.
        given = docs.loc[doc_id, "format"] in GIVES_ENDS and t["end"].notna().any()
        rows = list(t.itertuples())
        per = {}
        for r in rows:
            d = None
            if r.start is not None and r.end is not None and r.end >= r.start:
                d = r.end - r.start
            s = per.setdefault(
                r.speaker,
                dict(talk=0.0, timed=0, runs=[], gaps=[], overlaps=0, interrupted=0),
            )
            if d is not None:
                s["talk"] += d
                s["timed"] += 1
        # Runs, switches, gaps.
        switches = 0
        prev = None
        for r in rows:
            d = (r.end - r.start) if (r.start is not None and r.end is not None and r.end >= r.start) else 0.0
            if prev is not None and prev.speaker == r.speaker:
                per[r.speaker]["runs"][-1][0] += d
                per[r.speaker]["runs"][-1][1] += 1
            else:
                per[r.speaker]["runs"].append([d, 1])
            if prev is not None and prev.speaker != r.speaker:
                switches += 1
                key = (doc_id, prev.speaker, r.speaker)
                want_follows[key] = want_follows.get(key, 0) + 1
                if given and prev.end is not None and r.start is not None:
                    per[r.speaker]["gaps"].append(max(0.0, r.start - prev.end))
                    if r.start < prev.end:
                        per[r.speaker]["overlaps"] += 1
                        per[prev.speaker]["interrupted"] += 1
            prev = r
        got = speakers[speakers["doc_id"] == doc_id].set_index("speaker")
        if set(got.index) != set(per):
            fail(f"{doc_id}: speakers {sorted(got.index)} != {sorted(per)}")
        for name, s in per.items():
            row = got.loc[name]
            timed = s["timed"] > 0
            mono = [r[0] for r in s["runs"]]
            expect = {
                "talk_s": round(s["talk"], 2) if timed else None,
                "monologues": float(len(s["runs"])),
                "mean_monologue_s": (s["talk"] / len(mono)) if timed else None,
                "longest_monologue_s": max(mono) if timed else None,
                "longest_monologue_turns": float(max(r[1] for r in s["runs"])),
                "patience_s": (sum(s["gaps"]) / len(s["gaps"])) if s["gaps"] else None,
                "overlaps": float(s["overlaps"]) if given else None,
                "interruptions_received": float(s["interrupted"]) if given else None,
            }
            for column, value in expect.items():
                # Seconds are written to the centisecond, rounded per turn.
                if not close(num(row[column]), value, 0.006 * (len(rows) + 1)):
                    fail(f"{doc_id} / {name}: {column} {row[column]!r} != {value!r}")
                checked["speakers"] += 1
        # Per document.
        d = docs.loc[doc_id]
        duration = num(d["duration_s"])
        interactivity = switches / (duration / 60) if duration else None
        if int(d["switches"]) != switches:
            fail(f"{doc_id}: switches {d['switches']} != {switches}")
        tol = 0.006 + (interactivity or 0) * 0.01 / (duration or 1)
        if not close(num(d["interactivity"]), interactivity, tol):
            fail(f"{doc_id}: interactivity {d['interactivity']} != {interactivity}")
        silence = None
        if given and duration:
            spans = sorted((r.start, r.end) for r in rows if r.start is not None and r.end is not None and r.end > r.start)
            covered, cur = 0.0, None
            for a, b in spans:
                if cur and a <= cur[1]:
                    cur[1] = max(cur[1], b)
                else:
                    if cur:
                        covered += cur[1] - cur[0]
                    cur = [a, b]
            if cur:
                covered += cur[1] - cur[0]
            silence = 1 - min(covered, duration) / duration
        # Times are written to the centisecond: each edge may be 5 ms off.
        spans_n = sum(1 for r in rows if r.start is not None)
        if not close(num(d["silence_share"]), silence, 0.0006 + 0.01 * (spans_n + 1) / (duration or 1)):
            fail(f"{doc_id}: silence_share {d['silence_share']} != {silence}")
        checked["documents"] += 1
        # Topics: first and last start, who raised it.
        for _, row in topics[topics["doc_id"] == doc_id].iterrows():
            about = t[t["topics"].fillna("").str.split(";").apply(lambda ts: row["topic"] in ts)]
            starts = [s for s in about["start"] if s is not None]
            if not close(num(row["first_s"]), min(starts) if starts else None, 0.006):
                fail(f"{doc_id} / {row['topic']}: first_s")
            if not close(num(row["last_s"]), max(starts) if starts else None, 0.006):
                fail(f"{doc_id} / {row['topic']}: last_s")
            if row["raised_by"] != about.iloc[0]["speaker"]:
                fail(f"{doc_id} / {row['topic']}: raised_by {row['raised_by']}")
            checked["topics"] += 1
    got_follows = {
        (r.doc_id, r.speaker, r.next_speaker): int(r.times) for r in follows.itertuples()
    }
    if got_follows != want_follows:
        fail(f"follows: {sorted(set(got_follows.items()) ^ set(want_follows.items()))[:5]}")
    checked["follows"] = len(got_follows)
    # Over the run: each topic's documents, turns, talk, speakers, and who
    # raised it first in the earliest document (undated ones last).
    totals = load(out, "topic_totals").fillna({"raised_by": ""}).set_index("topic")
    dated = topics.merge(docs[["date"]], left_on="doc_id", right_index=True)
    for topic, g in dated.groupby("topic"):
        row = totals.loc[topic]
        g = g.assign(undated=g["date"].isna(), day=g["date"].fillna("")).sort_values(["undated", "day", "doc_id"])
        people = set(p for ps in g["speakers"].fillna("") for p in ps.split(";"))
        talk = [num(v) for v in g["talk_s"]]
        timed = [v for v in talk if v is not None]
        expect = {
            "documents": len(g),
            "turns": int(g["turns"].astype(int).sum()),
            "speakers": len(people),
        }
        for column, value in expect.items():
            if int(row[column]) != value:
                fail(f"topic_totals / {topic}: {column} {row[column]} != {value}")
        if not close(num(row["talk_s"]), sum(timed) if timed else None, 0.006 * (int(row["turns"]) + 1)):
            fail(f"topic_totals / {topic}: talk_s")
        if row["raised_by"] != g.iloc[0]["raised_by"]:
            fail(f"topic_totals / {topic}: raised_by {row['raised_by']!r}")
        days = g["date"].dropna()
        first = days.min() if len(days) else None
        last = days.max() if len(days) else None
        got_first = None if pd.isna(row["first_date"]) else row["first_date"]
        got_last = None if pd.isna(row["last_date"]) else row["last_date"]
        if (got_first, got_last) != (first, last):
            fail(f"topic_totals / {topic}: dates")
        checked["topic_totals"] = checked.get("topic_totals", 0) + 1
    print(" ".join(f"{k}={v}" for k, v in checked.items()))


if __name__ == "__main__":
    main(sys.argv[1])
