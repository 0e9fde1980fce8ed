"""JUnit XML, as GitLab and Jenkins display it: a test suite per file, a failed test case
per violation, a passing case for a clean file, an error case for an unreadable input."""

from __future__ import annotations

import re
import xml.etree.ElementTree as ET
from typing import Any

from ..model import Report

# Characters XML 1.0 cannot hold at all (ElementTree would write them raw, and the report
# would not parse): a page's snippet may carry them, since it is the source as written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


def _xml(text: str) -> str:
    return _NOT_XML.sub(lambda m: f"\\x{ord(m[0]):02x}" if ord(m[0]) < 0x100 else f"\\u{ord(m[0]):04x}", text)


def render(report: Report, **_: Any) -> str:
    suites = ET.Element("testsuites", name="govlint")
    total = failures = errors = 0
    for result in report.files:
        suite = ET.SubElement(suites, "testsuite", name=result.file)
        cases = max(1, len(result.violations))
        suite.set("tests", str(cases))
        suite.set("failures", str(len(result.violations)))
        suite.set("errors", "0")
        if not result.violations:
            ET.SubElement(suite, "testcase", classname="govlint", name=result.file)
        for v in result.violations:
            case = ET.SubElement(suite, "testcase", classname=f"govlint.{v.rule}",
                                 name=f"{v.file}:{v.line}:{v.column} {v.rule}")
            failure = ET.SubElement(case, "failure", type=v.severity.label, message=v.message)
            failure.text = "\n".join(filter(None, [
                f"{v.file}:{v.line}:{v.column}: {v.severity.label} [{v.rule}] {v.message}",
                f"element: {v.selector}" if v.selector else "",
                v.snippet, f"help: {v.help_url}" if v.help_url else ""]))
        total += cases
        failures += len(result.violations)
    for failure_input in report.errors:
        suite = ET.SubElement(suites, "testsuite", name=failure_input.file, tests="1", failures="0",
                              errors="1")
        case = ET.SubElement(suite, "testcase", classname="govlint", name=failure_input.file)
        ET.SubElement(case, "error", type="input", message=failure_input.message)
        total += 1
        errors += 1
    suites.set("tests", str(total))
    suites.set("failures", str(failures))
    suites.set("errors", str(errors))
    for element in suites.iter():
        element.attrib.update({k: _xml(v) for k, v in element.attrib.items()})
        if element.text:
            element.text = _xml(element.text)
    ET.indent(suites)
    return '<?xml version="1.0" encoding="UTF-8"?>\n' + ET.tostring(suites, encoding="unicode") + "\n"
