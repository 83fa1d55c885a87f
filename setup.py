"Setup for narrating_nb, read from settings.ini (written by hand: the nbdev template imports pkg_resources)."
from configparser import ConfigParser
import setuptools, shlex

cfg = ConfigParser(delimiters=['='])
cfg.read('settings.ini', encoding='utf-8')
c = cfg['DEFAULT']
statuses = ['1 - Planning', '2 - Pre-Alpha', '3 - Alpha', '4 - Beta', '5 - Production/Stable']
reqs = shlex.split(c.get('requirements', ''))
dev_reqs = shlex.split(c.get('dev_requirements', ''))
scripts = [s.strip() for s in c.get('console_scripts', '').split() if s.strip()]

setuptools.setup(
    name=c['lib_name'], version=c['version'], description=c['description'],
    author=c['author'], author_email=c['author_email'],
    classifiers=['Development Status :: ' + statuses[int(c['status'])], 'Intended Audience :: ' + c['audience'],
                 'Natural Language :: ' + c['language'],
                 'Programming Language :: Python :: 3'],
    license='Apache-2.0', url=c['git_url'], packages=setuptools.find_packages(include=['narrating_nb', 'narrating_nb.*']),
    include_package_data=True, package_data={'narrating_nb': ['assets/*', 'assets/*/*']}, install_requires=reqs, extras_require={'dev': dev_reqs},
    python_requires='>=' + c['min_python'], long_description=open('README.md', encoding='utf-8').read(),
    long_description_content_type='text/markdown', zip_safe=False,
    entry_points={'console_scripts': scripts, 'nbdev': [f'{c["lib_path"]}={c["lib_path"]}._modidx:d']})
