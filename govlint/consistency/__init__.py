"""Accessibility across a site: what only a comparison of its pages can decide.

WCAG 3.2.3 Consistent Navigation, 3.2.4 Consistent Identification, 3.2.6 Consistent Help and
2.4.5 Multiple Ways are about sets of pages. While a page's tree exists, ``facts.collect``
keeps what these rules compare: the links of its header, navigation and footer landmarks with
their targets and accessible names, its search controls, its help mechanisms and the ways it
offers to reach other pages. After every page, ``site.find`` finds what repeats across the
pages and the pages where it differs (the run adds their findings: runner._with_sets).
"""
