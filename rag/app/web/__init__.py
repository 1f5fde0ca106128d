"""The Gradio web app: `layout` builds the page, `handlers` answer its events and the API,
`panels`, `citations` and `source` make its escaped HTML, `assets` holds its CSS and
scripts, `server` serves it (`rag serve`, `python app.py`)."""
