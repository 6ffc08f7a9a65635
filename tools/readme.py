"Write README.md from nbs/index.ipynb (nbdev's own README step needs Quarto, which cannot be installed here)."
import json, sys
from pathlib import Path

def render(nb_path='nbs/index.ipynb') -> str:
    "Markdown of the index notebook: markdown cells as they are, code cells (not hidden) as python blocks."
    cells = json.loads(Path(nb_path).read_text())['cells']
    parts = []
    for c in cells:
        src = ''.join(c['source']).strip()
        if not src or src.startswith('#| hide'): continue
        parts.append(src if c['cell_type'] == 'markdown' else f'```python\n{src}\n```')
    text = '\n\n'.join(parts).replace('](images/', '](nbs/images/')      # pictures live next to the notebooks
    return text + '\n\n<!-- generated from nbs/index.ipynb by tools/readme.py: edit the notebook, not this file -->\n'

if __name__ == '__main__':
    text = render()
    if '--check' in sys.argv:
        if Path('README.md').read_text() != text: sys.exit('README.md is out of date: run `make export`')
    else:
        tmp = Path('README.md.tmp'); tmp.write_text(text); tmp.replace('README.md')
