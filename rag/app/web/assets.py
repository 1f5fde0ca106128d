"""The web page's stylesheet and scripts (kept out of rag/app/web/layout.py so the layout code stays short).

Citation clicks: a marker [n] in an answer and a citation card are both links
`<a href="#cite:<clause id>">`. One capturing click handler on the document (HEAD_SCRIPT)
stops the navigation, stores the id in `window.__ragCite`, marks the matching card
active and clicks the hidden button `#cite-open`; that button's event reads the id back
through its `js` function (OPEN_JS) and the server looks the clause up in the index.
Links need no extra keyboard handling: Enter on a focused link is a click.
"""

from __future__ import annotations

HEAD_SCRIPT = """
<script>
(() => {
  if (window.__ragCiteInstalled) return;
  window.__ragCiteInstalled = true;
  const PREFIX = '#cite:';
  const citeLink = (event) => {
    const target = event.target;
    return target && target.closest ? target.closest('a[href^="' + PREFIX + '"]') : null;
  };
  document.addEventListener('click', (event) => {
    const link = citeLink(event);
    if (!link) return;
    event.preventDefault();
    event.stopPropagation();
    const href = link.getAttribute('href');
    let id = '';
    try { id = decodeURIComponent(href.slice(PREFIX.length)); } catch (error) { return; }
    window.__ragCite = id;
    document.querySelectorAll('a.cite-card').forEach((card) => {
      card.classList.toggle('active', card.getAttribute('href') === href);
    });
    const button = document.getElementById('cite-open');
    if (button) button.click();
  }, true);
})();
</script>
"""

# Gradio's own labels follow the browser's language (Chinese for a zh-CN browser); these
# replace the English ones visible on this page, so the page is Chinese in any browser.
GRADIO_LABELS_ZH = {
    "upload_text.drop_file": "将文件拖放到此处",
    "upload_text.click_to_upload": "点击上传",
    "upload_text.uploading": "正在上传……",
    "common.or": "或",
    "common.clear": "清空",
    "common.remove": "移除",
    "common.download": "下载",
    "common.download_all": "全部下载",
    "common.loading": "加载中",
    "common.error": "错误",
    "common.empty": "空",
    "chatbot.copy_message": "复制",
    "chatbot.copied_message": "已复制",
    "chatbot.clear": "清空对话",
}

# Runs in the browser before the hidden button's event is sent: the clicked clause id.
OPEN_JS = "(current) => window.__ragCite || ''"

# js_on_load of the source viewer: after each new value, scroll the highlight into view.
SOURCE_VIEW_JS = """
const reveal = () => {
  const body = element.querySelector('.src-body');
  const mark = element.querySelector('#src-hl');
  if (!body || !mark) return;
  body.scrollTop = Math.max(0, mark.offsetTop - 48);
  const box = element.getBoundingClientRect();
  if (box.top < 0 || box.top > window.innerHeight - 120) element.scrollIntoView({block: 'start', behavior: 'smooth'});
};
watch('value', () => requestAnimationFrame(reveal));
requestAnimationFrame(reveal);
"""

CSS = """
.gradio-container { max-width: 1480px !important; margin: 0 auto !important; }
#header-row { align-items: center; gap: 12px; }
#app-header { display: flex; align-items: baseline; gap: 14px; flex-wrap: wrap; padding: 2px; }
#app-header h1 { font-size: 22px; font-weight: 700; margin: 0; letter-spacing: 1px; }
#app-header .subtitle { color: var(--body-text-color-subdued); font-size: 14px; }
#status-line { font-size: 13px; color: var(--body-text-color-subdued); text-align: right; padding: 2px; white-space: nowrap; }
#status-line .dot { display: inline-block; width: 8px; height: 8px; border-radius: 50%; background: #2da44e; margin-right: 6px; }

.answer p { margin: 0 0 6px; line-height: 1.75; }
.answer ul { margin: 4px 0 4px 1.1em; padding: 0; }
.answer li { margin: 0 0 6px; line-height: 1.75; }
.answer.refused { color: var(--body-text-color); }
.answer.refused p:first-child { color: #9a6700; font-weight: 600; }
.answer.pending { color: var(--body-text-color-subdued); }
.answer.error p { color: #cf222e; }
.question { line-height: 1.6; }
.cite-marker { text-decoration: none !important; display: inline-block; min-width: 1.5em; padding: 0 3px; margin: 0 1px; border-radius: 4px;
  background: var(--color-accent-soft); color: var(--color-accent); font-weight: 600; font-size: 0.78em;
  line-height: 1.4; text-align: center; cursor: pointer; vertical-align: super; user-select: none; }
.cite-marker:hover, .cite-marker:focus { background: var(--color-accent); color: #fff; outline: none; }

.cite-cards { display: flex; flex-direction: column; gap: 8px; padding: 2px 6px 2px 2px; max-height: 268px; overflow-y: auto; }
.cite-empty, .src-empty { color: var(--body-text-color-subdued); font-size: 14px; padding: 14px 10px; line-height: 1.7; }
a.cite-card { display: block; text-align: left; text-decoration: none !important; color: inherit !important; }
.panel-title { font-size: 14px; font-weight: 600; color: var(--body-text-color); margin: 0 0 8px; border-left: 3px solid var(--color-accent); padding: 0 0 0 8px; line-height: 1.3; }
.cite-card { border: 1px solid var(--border-color-primary); border-left: 4px solid var(--color-accent);
  border-radius: 8px; padding: 8px 12px; cursor: pointer; background: var(--background-fill-primary);
  transition: background .15s, box-shadow .15s; }
.cite-card:hover, .cite-card:focus { background: var(--background-fill-secondary); box-shadow: 0 1px 4px rgba(0,0,0,.08); outline: none; }
.cite-card.active { background: var(--color-accent-soft); border-color: var(--color-accent); }
.cite-head { display: flex; align-items: baseline; gap: 8px; }
.cite-n { flex: none; min-width: 22px; height: 22px; border-radius: 11px; background: var(--color-accent); color: #fff;
  font-size: 12px; font-weight: 700; display: inline-flex; align-items: center; justify-content: center; }
.cite-title { font-weight: 600; font-size: 14px; }
.cite-facts, .cite-section, .cite-place { font-size: 12px; color: var(--body-text-color-subdued); margin-top: 2px; }
.cite-place { font-family: var(--font-mono); }
.cite-quote { font-size: 13px; margin-top: 4px; line-height: 1.6; color: var(--body-text-color); }

.src-view { border: 1px solid var(--border-color-primary); border-radius: 8px; background: var(--background-fill-primary); }
.src-header { padding: 10px 14px; border-bottom: 1px solid var(--border-color-primary); background: var(--background-fill-secondary);
  border-radius: 8px 8px 0 0; }
.src-title { font-weight: 700; font-size: 15px; }
.src-facts, .src-section { font-size: 12px; color: var(--body-text-color-subdued); margin-top: 2px; }
.src-place { font-size: 12px; font-family: var(--font-mono); color: var(--color-accent); margin-top: 2px; }
.src-body { position: relative; white-space: pre-wrap; word-break: break-word; font-size: 14px; line-height: 1.7;
  padding: 10px 14px; max-height: 370px; overflow-y: auto; }
.src-hl { background: #ffec99; color: inherit; border-radius: 2px; padding: 2px 0; box-decoration-break: clone; -webkit-box-decoration-break: clone; }
.src-omitted { color: var(--body-text-color-subdued); font-size: 12px; }

.check-report { font-size: 14px; line-height: 1.8; }
.check-summary { font-size: 15px; margin-bottom: 8px; }
.check-sentence { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px 12px; margin-bottom: 8px; }
.check-matches { margin: 4px 0 0 1.2em; padding: 0; }
.check-locator { font-size: 12px; color: var(--body-text-color-subdued); }
.docs-table { width: 100%; border-collapse: collapse; font-size: 13px; border: none !important; }
.docs-table th, .docs-table td { border: none !important; border-bottom: 1px solid var(--border-color-primary) !important;
  padding: 6px 8px; text-align: left; }
.docs-table th { color: var(--body-text-color-subdued); font-weight: 600; }
.docs-table td.file { font-family: var(--font-mono); font-size: 12px; }
#examples-row button { font-size: 13px !important; }
footer { display: none !important; }
"""
