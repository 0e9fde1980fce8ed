"""Estate scans (``govlint estate``): every site of a list crawled and linted, one task per
site, locally or on a Dask cluster, each site kept as a shard, merged into the usual reports
and a report with a row per site. See docs/estate.md."""
