"""Dead links and missing anchors: extraction per page, then local and HTTP checks per site."""
