"""Every URL pattern of the project, found by walking the resolver, for the access tests."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, pattern, name) of every URL, the name with its namespaces ("actions:edit") as
    reverse() takes it (None for a pattern without a name)."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            yield route, pattern, f"{namespace}{pattern.name}" if pattern.name else None


def council_patterns():
    """(route, name, permission) of every council page whose only argument is the council."""
    for route, pattern, name in all_patterns():
        permission = getattr(pattern.callback, "council_permission", None)
        if permission and route.count("<") == 1 and name:
            yield route, name, permission
