from ..opendata.fixtures import communes, offer  # noqa: F401
