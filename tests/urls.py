"""Every URL pattern of the project, found by walking the resolver, for the access tests."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_patterns(resolver=None, prefix=""):
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            yield from all_patterns(pattern, route)
        elif isinstance(pattern, URLPattern):
            yield route, pattern


def council_patterns():
    """(route, name, permission) of every council page whose only argument is the council."""
    for route, pattern in all_patterns():
        permission = getattr(pattern.callback, "council_permission", None)
        if permission and route.count("<") == 1 and pattern.name:
            yield route, pattern.name, permission
