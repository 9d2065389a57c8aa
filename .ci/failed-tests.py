#!/usr/bin/env python3
"""Prints the failed tests in JUnit XML files that `swift test --xunit-output` wrote.

The console log alone is not enough in CI: the tests start servers and child processes whose
output interleaves with Swift Testing's, and a failed run once ended with "2 issues" and no line
naming them. The XML reports are written by the test runner itself, away from that output.
"""
import sys
import xml.etree.ElementTree as ElementTree

failed = 0
for path in sys.argv[1:]:
    try:
        root = ElementTree.parse(path).getroot()
    except (OSError, ElementTree.ParseError) as error:
        print(f"{path}: unreadable: {error}")
        continue
    for case in root.iter("testcase"):
        problems = list(case.findall("failure")) + list(case.findall("error"))
        if not problems:
            continue
        failed += 1
        print(f"FAILED {case.get('classname')}.{case.get('name')}")
        for problem in problems:
            text = (problem.get("message") or "") + "\n" + (problem.text or "")
            for line in text.strip().splitlines():
                print(f"    {line}")
print(f"{failed} failed test(s) in {', '.join(sys.argv[1:])}")
