from .fixtures import communes, offer  # noqa: F401
