from sppe.information import markup


def test_paragraphs_lists_bold_and_links():
    html = markup.render(
        "Premier paragraphe\nsur deux lignes.\n\n- un\n- **deux**\n\nVoir [le site](https://a.test)."
    )
    assert html == (
        "<p>Premier paragraphe<br>sur deux lignes.</p>"
        "<ul><li>un</li><li><strong>deux</strong></li></ul>"
        '<p>Voir <a href="https://a.test">le site</a>.</p>'
    )


def test_mail_and_phone_links():
    html = markup.render("[écrire](mailto:rpe@a.test) ou [appeler](tel:0251000000)")
    assert '<a href="mailto:rpe@a.test">écrire</a>' in html
    assert '<a href="tel:0251000000">appeler</a>' in html


def test_html_is_escaped_and_dangerous_links_are_left_as_text():
    html = markup.render(
        '<img src=x onerror=alert(1)> [a](javascript:alert(1)) [b](https://x.test/"onmouseover=1)'
    )
    assert "<img" not in html and "&lt;img" in html
    assert "javascript" in html and 'href="javascript' not in html
    # The quote stays escaped inside the attribute: no new attribute can start.
    assert '<a href="https://x.test/&quot;onmouseover=1">b</a>' in html


def test_empty_text_renders_nothing():
    assert markup.render("") == "" and markup.render("\n\n  \n") == ""


def test_plain_text_for_the_pdf():
    assert markup.plain("**Lundi** : [site](https://a.test), [mail](mailto:b@a.test)") == (
        "Lundi : site (https://a.test), mail (b@a.test)"
    )
