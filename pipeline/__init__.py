"""Korean news-rewriting pipeline: fetch → extract → facts → compose → write."""

__version__ = "0.1.0"
