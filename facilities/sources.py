"""Who published the pages a mail policy cites: a writer weighs "Federal Bureau of Prisons"
more readily than a bare link, and a page of raw addresses reads like a bibliography.

`publisher(url)` names the agency or site; `source_links(urls)` pairs each URL with a link text
("Federal Bureau of Prisons", then "Federal Bureau of Prisons, page 2" for its next one).
"""

from urllib.parse import urlsplit

# (host, or host and path prefix) -> publisher. The longest match wins; a site not listed
# shows its host name, which is still better than the full address.
PUBLISHERS = {
    "bop.gov": "Federal Bureau of Prisons",
    "ecfr.gov": "Code of Federal Regulations",
    "pa.gov/agencies/cor": "Pennsylvania Department of Corrections",
    "cor.pa.gov": "Pennsylvania Department of Corrections",
    "tdcj.texas.gov": "Texas Department of Criminal Justice",
    "fdc.myflorida.com": "Florida Department of Corrections",
    "dac.nc.gov": "North Carolina Department of Adult Correction",
    "vadoc.virginia.gov": "Virginia Department of Corrections",
    "michigan.gov/corrections": "Michigan Department of Corrections",
    "textbehind.com": "TextBehind, the mail scanning company",
    "smartcommunications.us": "Smart Communications, the mail scanning company",
    "prisonvisitorguide.org": "Prison Visitor Guide",
    "legalclarity.org": "LegalClarity",
    "prisonrating.com": "Prison Rating",
    "eff.org": "Electronic Frontier Foundation",
    "theindianalawyer.com": "The Indiana Lawyer",
    "corrections.com": "Corrections.com",
    "zdnet.com": "ZDNet",
}


def publisher(url):
    parts = urlsplit(url)
    host = (parts.hostname or "").removeprefix("www.")
    best = ""
    for prefix in PUBLISHERS:
        site, _, path = prefix.partition("/")
        on_site = host == site or host.endswith("." + site)
        if on_site and parts.path.startswith("/" + path) and len(prefix) > len(best):
            best = prefix
    return PUBLISHERS.get(best) or host or url


def source_links(urls):
    """[(link text, url)], each publisher named, and numbered from its second page on."""
    seen = {}
    links = []
    for url in urls:
        name = publisher(url)
        seen[name] = seen.get(name, 0) + 1
        links.append((name if seen[name] == 1 else f"{name}, page {seen[name]}", url))
    return links
