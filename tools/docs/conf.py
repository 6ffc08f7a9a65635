"""Sphinx configuration of the docs site (tools/build_docs.py writes the pages into .cache/docs/src and runs Sphinx).

The pages are notebooks already executed and processed by nbdev, so myst-nb only renders them (no execution here).
"""
from pathlib import Path
from nbdev.config import get_config

ROOT = Path(__file__).resolve().parents[2]
cfg = get_config(path=ROOT)

project = cfg.lib_name
author = cfg.author
copyright = cfg.copyright
version = release = cfg.version
extensions = ['myst_nb', 'sphinx.ext.viewcode']
viewcode_follow_imported_members = False             # source pages from the files, without importing the library
exclude_patterns = ['_build', '**.ipynb_checkpoints', 'jupyter_execute']
nb_execution_mode = 'off'                                # executed once, by tools/nbexec.py
nb_output_stderr = 'show'
nb_merge_streams = True
nb_render_markdown_format = 'myst'
myst_enable_extensions = ['attrs_inline', 'attrs_block', 'colon_fence', 'deflist']
myst_heading_anchors = 3
suppress_warnings = ['myst.header', 'mystnb.unknown_mime_type', 'misc.highlighting_failure']
add_module_names = False
python_display_short_literal_types = True
html_theme = 'sphinx_book_theme'
html_title = cfg.lib_name
html_static_path = [str(Path(__file__).parent/'_static'), str(ROOT/'.cache'/'docs'/'static')]
html_css_files = ['presstrack.css']
html_js_files = ['presstrack.js']
html_show_sourcelink = False
html_copy_source = False
html_theme_options = dict(
    repository_url=cfg.git_url, use_repository_button=False, use_download_button=False,
    show_toc_level=2, home_page_in_toc=True, navigation_with_keys=False,
    use_fullscreen_button=False, use_sidenotes=False)
html_context = dict(default_mode='light')

def _plotly_once(app, pagename, templatename, context, doctree):
    "plotly.js (a local copy) in the head of each page that draws a plotly figure, once."
    if 'plotly-graph-div' in context.get('body', ''):
        app.add_js_file('plotly.min.js', priority=200)

def _outputs_in_cache(app):
    "myst-nb's folder of output files in .cache/docs (it puts it beside the site folder, i.e. in the repository root)."
    app.env.mystnb_config = app.env.mystnb_config.copy(output_folder=str(ROOT/'.cache'/'docs'/'jupyter_execute'))

def setup(app):
    app.connect('builder-inited', _outputs_in_cache, priority=900)      # after myst-nb's own set-up
    app.connect('html-page-context', _plotly_once)
