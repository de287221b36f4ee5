"""recoupe: cross-check the news.

Raw news articles in; clean, dated, sourced articles, stories, entities,
quotes, figures and a sourced timeline out. The public Python API lives in
`recoupe.api`; the CLI, the web app and the Spark job are thin shells over it.
"""

__version__ = "0.1.0"
