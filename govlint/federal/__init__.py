"""The federal website standards pack: page facts (what GSA's Site Scanning reports, found
statically), which pages are home pages, and the site pass that compares pages."""
