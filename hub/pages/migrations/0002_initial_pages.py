"""The first texts of the hub's own pages. Staff edit them in the admin afterwards; this only creates
the rows that are missing, so running it on a site whose texts were already edited changes nothing."""

from django.db import migrations

from hub.core.sanitize import sanitize_html

PAGES = [
    {
        "slug": "about",
        "title": "About the hub",
        "lead": (
            "The hub brings together EU-funded research and innovation projects that work on raw materials for "
            "batteries from European sources, so that their results travel further together than alone."
        ),
        "meta_description": (
            "What the cluster hub on raw materials for batteries is, who runs it, how member projects work "
            "together and how a project can join."
        ),
        "body": """
<h2>What the hub is</h2>
<p>Europe wants to build more of its batteries from materials it can source responsibly at home or recover
from used products. Many projects funded by the European Union look at one piece of that puzzle: finding
and mining lithium, cobalt, nickel, manganese or graphite, refining and processing them, turning them into
battery materials, or recycling spent cells. The hub is where these projects meet.</p>
<p>It is a cluster, not a project of its own: each member keeps its grant, its consortium and its work plan.
What the hub adds is a shared place to compare results, spot overlaps and gaps, and speak with one voice to
industry, investors and policy makers.</p>

<h2>Who runs it</h2>
<p>Since 2022 the hub has been coordinated by PNO Innovation Belgium. The coordinators keep the list of
member projects, prepare the meetings, edit this portal and pass questions from visitors to the right
project.</p>

<h2>How members work together</h2>
<ul>
<li><strong>Sharing results.</strong> Partners publish news, reports and public deliverables here, and each
project has its own page with its consortium and funding details.</li>
<li><strong>Joint events.</strong> Projects invite each other to webinars and workshops and present
together at conferences.</li>
<li><strong>Common messages.</strong> Where projects reach similar conclusions, the hub helps them write
them up as joint recommendations for policy makers and standardisation bodies.</li>
<li><strong>Practical exchange.</strong> Partners compare methods, test sites, data formats and lessons
learned, which saves each new project from starting from zero.</li>
</ul>

<h2>The annual workshop</h2>
<p>Once a year the member projects meet in Brussels around the EU Raw Materials Week. The workshop gives
each project a short slot to present its progress, followed by discussion on a theme chosen together, such
as permitting, recycling targets or the battery passport. Reports and slides from past workshops are on the
events and resources pages.</p>

<h2>How to join</h2>
<p>Any project funded by a European Union programme that works on raw materials for batteries is welcome.
Send us a message through the <a href="/contact/">contact form</a> with the project's name, its grant
agreement number and the person we should talk to. A coordinator will reply, and once the project is
listed its partners are invited to the portal to keep their own pages up to date.</p>
""",
    },
    {
        "slug": "contact",
        "title": "Contact the hub",
        "lead": "Questions about the hub, a project that wants to join, an event to announce: write to the coordinators.",
        "meta_description": "Write to the coordinators of the cluster hub on raw materials for batteries, or ask for your project to join.",
        "body": """
<p>Use the form below for any question about the hub and its member projects. If you write on behalf of an
EU-funded project that would like to join, please name the project and, if you have it, its grant agreement
number: it helps us find the project and answer faster.</p>
<p>We keep your message only to answer it; the <a href="/privacy/">privacy notice</a> explains what we store
and for how long.</p>
""",
    },
    {
        "slug": "accessibility",
        "title": "Accessibility statement",
        "lead": "We want everyone to be able to use this portal, whatever their abilities and whatever device they use.",
        "meta_description": "How accessible the cluster hub portal is, what is not yet accessible, and how to report a problem.",
        "body": """
<h2>Our target</h2>
<p>This portal aims to meet level AA of the Web Content Accessibility Guidelines (WCAG) 2.1, which is the level
required by the harmonised European standard EN 301 549 for websites. We follow the approach the European
Union sets for public sector websites, even where the law does not oblige us to.</p>
<p>In practice this means, among other things, that pages can be used with a keyboard alone, work with screen
readers, keep their content when text is enlarged to 200%, use colours with enough contrast, give every image
a text alternative and label every form field.</p>

<h2>Compliance status</h2>
<p>We consider the portal partially compliant with WCAG 2.1 level AA, because of the exceptions listed
below. We check new features before they go live and review this statement at least once a year.</p>

<h2>Content that may not be accessible</h2>
<ul>
<li>Documents such as slides, reports and deliverables are supplied by the member projects. Older PDF files
in particular may lack headings, tags or text alternatives.</li>
<li>Recordings of events published by member projects on other websites may not have captions or
transcripts.</li>
</ul>
<p>If you need any of this content in another format, ask us and we will try to provide it or put you in
touch with the project that produced it.</p>

<h2>Report a problem</h2>
<p>If something on the portal does not work for you, or you found a barrier we have not listed, tell us
through the <a href="/contact/">contact form</a>. Say which page you were on, what you tried to do and, if you
wish, which browser and assistive technology you use. We aim to reply within two weeks.</p>

<h2>Enforcement procedure</h2>
<p>If you are not satisfied with our answer, or you received none, you can turn to the body that monitors
web accessibility or handles complaints in your country. Each Member State of the European Union has
designated such a body under the Web Accessibility Directive (EU) 2016/2102; the national authorities for
equal treatment or consumer protection can also tell you where to go.</p>
""",
    },
    {
        "slug": "privacy",
        "title": "Privacy notice",
        "lead": "What this portal stores about you, why, for how long, and what you can ask us to do with it.",
        "meta_description": "The privacy notice of the cluster hub portal: contact messages, partner accounts, retention, your rights, no tracking.",
        "body": """
<h2>Who is responsible</h2>
<p>PNO Innovation Belgium, as coordinator of the hub, is the controller of the personal data processed
through this portal. Questions about this notice or about your data can be sent through the
<a href="/contact/">contact form</a>.</p>

<h2>What we store and why</h2>
<ul>
<li><strong>Contact messages.</strong> When you use the contact form we store your name, e-mail address,
organisation, the project you name and your message, and we send a copy to the hub coordinators. We use them
only to answer you and, if your project asked to join, to arrange its membership. The legal basis is our
legitimate interest in answering the people who write to us.</li>
<li><strong>Partner accounts.</strong> People working in member projects can be invited to an account. For
them we store their name, e-mail address, organisation, job title, the projects they belong to and, if they
add them, a short biography and a photo, together with the date of their last login. We use this to let them
publish content for their projects and to show who wrote what. A partner's profile is public only if they
choose so, and they can withdraw that choice at any time.</li>
<li><strong>Technical logs.</strong> Like any web server, ours records requests and errors so that we can keep
the portal secure and working. These records are kept for a short period and are not used to profile
visitors.</li>
</ul>

<h2>How long we keep it</h2>
<p>Contact messages are deleted once they have been dealt with and are no longer needed, and at the latest two
years after we received them. Partner accounts are kept while the person works with a member project; when an
account is closed its personal details are erased, while the news and reports published under it stay online
as part of the project's record. Technical logs are overwritten after a few weeks.</p>

<h2>Who else sees it</h2>
<p>We do not sell personal data or use it for advertising. Besides the hub coordinators, only the companies
that host the portal and deliver its e-mail handle the data, on our behalf and under our instructions.</p>

<h2>Cookies and other websites</h2>
<p>The portal uses no tracking or advertising cookies and no analytics service. Reading the public pages sets
no cookie at all. Two technical cookies exist: a security cookie that protects the contact form and other forms
against forgery, set when you open a form, and a session cookie for partners who sign in. Every page loads its
fonts, styles, scripts and images from this portal itself, so your visit is not reported to any other
website.</p>

<h2>Your rights</h2>
<p>Under the General Data Protection Regulation you can ask us for a copy of the data we hold about you, have it
corrected or erased, restrict or object to its use, and receive the data you gave us in a reusable format.
Where we rely on your consent, you can withdraw it at any time. To use these rights, write to us through the
contact form. If you think we handle your data wrongly, you can also lodge a complaint with a data protection
authority, such as the Belgian Data Protection Authority or the authority of the country where you live.</p>
""",
    },
    {
        "slug": "legal",
        "title": "Legal notice",
        "lead": "Who publishes this portal, how it is funded, and the conditions for using its content.",
        "meta_description": "Legal notice of the cluster hub portal: publisher, EU funding disclaimer, copyright.",
        "body": """
<h2>Publisher</h2>
<p>This portal is published by PNO Innovation Belgium in its role as coordinator of the cluster hub
"Production of raw materials for batteries from European resources". You can reach the editorial team
through the <a href="/contact/">contact form</a>.</p>

<h2>European Union funding</h2>
<p>The member projects of the hub receive funding from European Union programmes; the page of each project
names its programme and grant agreement. Views and opinions expressed on this portal are those of the authors
only and do not necessarily reflect those of the European Union or the granting authority. Neither the
European Union nor the granting authority can be held responsible for them. The EU emblem is shown to
acknowledge this funding and does not mean that the European Union endorses the portal or its content.</p>

<h2>Content from member projects</h2>
<p>News, reports, documents and logos published for a member project are provided by that project, which
remains responsible for them. We check contributions before they appear, but we cannot guarantee that every
piece of information is complete or up to date. Links to other websites are offered for convenience; we have
no control over their content.</p>

<h2>Copyright</h2>
<p>The texts written by the hub coordinators are protected by copyright. You may quote them and share them
for non-commercial purposes if you name the hub as the source and link back to the page. Texts, images,
logos and documents supplied by member projects belong to those projects or their authors; ask them before
reusing their material, unless the document itself carries an open licence.</p>
""",
    },
]


def create_pages(apps, schema_editor):
    Page = apps.get_model("pages", "Page")
    for fields in PAGES:
        # Historical models do not run Page.save(), so sanitise here as the model would.
        defaults = {**fields, "body": sanitize_html(fields["body"].strip())}
        slug = defaults.pop("slug")
        Page.objects.get_or_create(slug=slug, defaults=defaults)


def remove_pages(apps, schema_editor):
    apps.get_model("pages", "Page").objects.filter(slug__in=[page["slug"] for page in PAGES]).delete()


class Migration(migrations.Migration):
    dependencies = [("pages", "0001_initial")]

    operations = [migrations.RunPython(create_pages, remove_pages)]
