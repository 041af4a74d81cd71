from django import template
from django.utils.safestring import mark_safe

register = template.Library()


@register.simple_tag(takes_context=True)
def writer_choice(context, template_name, member, **values):
    """`template_name` rendered for this writer, as `{% include %}` would with `values`.

    In a page rendered for the page cache, both of its forms are rendered instead (with
    `is_saved` true, then false) and the page keeps a marker: each writer gets the form that
    their own state (`member` in it or not) calls for as the page is served. See pagecache.
    """
    part = context.template.engine.get_template(template_name)
    choices = context.get("pagecache_writer_choices")
    if choices is None:
        with context.push(**values):
            return part.render(context)
    forms = []
    for held in (True, False):
        with context.push(is_saved=held, saved_ids=(), **values):
            forms.append(part.render(context))
    return mark_safe(choices.add(member, *forms))  # noqa: S308 (letters, digits, dashes)
