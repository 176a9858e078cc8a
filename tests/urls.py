"""Every URL pattern of the project, found by walking the resolver, for the access tests."""

from django.urls import URLPattern, URLResolver, get_resolver


def all_patterns(resolver=None, prefix="", namespace=""):
    """(route, pattern) of every URL; a pattern's `full_name` is set to its name with its
    namespaces ("actions:edit"), as reverse() takes it."""
    resolver = resolver or get_resolver()
    for pattern in resolver.url_patterns:
        route = prefix + str(pattern.pattern)
        if isinstance(pattern, URLResolver):
            inner = f"{namespace}{pattern.namespace}:" if pattern.namespace else namespace
            yield from all_patterns(pattern, route, inner)
        elif isinstance(pattern, URLPattern):
            pattern.full_name = f"{namespace}{pattern.name}" if pattern.name else None
            yield route, pattern


def council_patterns():
    """(route, name, permission) of every council page whose only argument is the council."""
    for route, pattern in all_patterns():
        permission = getattr(pattern.callback, "council_permission", None)
        if permission and route.count("<") == 1 and pattern.name:
            yield route, pattern.full_name, permission
