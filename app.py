"""The Gradio web app (placeholder until the web-app issue): `python app.py` or `rag serve`."""

from __future__ import annotations

import os


def main() -> None:
    import gradio as gr

    with gr.Blocks(title="政策问答助手") as demo:
        gr.Markdown("# 政策问答助手\n\n网页版正在建设中。请先使用命令行：`rag clauses`。")
    port = int(os.environ.get("GRADIO_SERVER_PORT", "7860"))
    demo.launch(server_name="127.0.0.1", server_port=port)


if __name__ == "__main__":
    main()
