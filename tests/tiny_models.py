"""Build tiny real models on disk, so that tests exercise the real loading code offline.

A 2-layer BERT (hidden 32, 2 heads) with a character vocabulary taken from the seed
documents, saved as a sentence-transformers model and as a cross-encoder. Weights are
random (seeded): the models are useless for retrieval but load and run like real ones.
"""

from __future__ import annotations

import string
from pathlib import Path

from rag.index.embedders.loading import quiet_transformers

SEEDS = Path(__file__).resolve().parent.parent / "seeds"
SPECIAL_TOKENS = ["[PAD]", "[UNK]", "[CLS]", "[SEP]", "[MASK]"]
HIDDEN = 32


def write_vocab(folder: Path) -> Path:
    """Write a BERT vocab.txt: special tokens, printable ASCII, then every seed character."""
    characters: set[str] = set()
    for path in sorted(SEEDS.glob("*.txt")):
        characters.update(path.read_text(encoding="utf-8"))
    ascii_chars = [char for char in string.printable if not char.isspace() and not char.isupper()]
    # WordPiece continuations, so that Latin words and numbers (ai, 2000) split into characters.
    continuations = ["##" + char for char in string.ascii_lowercase + string.digits]
    others = sorted(char for char in characters if not char.isspace() and char not in ascii_chars)
    vocab = SPECIAL_TOKENS + ascii_chars + continuations + [char for char in others if char.lower() == char]
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / "vocab.txt"
    path.write_text("\n".join(dict.fromkeys(vocab)) + "\n", encoding="utf-8")
    return path


def _bert_config(vocab_size: int, hidden: int = HIDDEN, layers: int = 2, heads: int = 2, **extra: object) -> object:
    from transformers import BertConfig

    return BertConfig(
        vocab_size=vocab_size,
        hidden_size=hidden,
        num_hidden_layers=layers,
        num_attention_heads=heads,
        intermediate_size=(4 if hidden > HIDDEN else 2) * hidden,
        max_position_embeddings=512,
        **extra,
    )


def _tokenizer(folder: Path) -> object:
    from transformers import BertTokenizer

    return BertTokenizer(vocab=str(write_vocab(folder)), do_lower_case=True, tokenize_chinese_chars=True)


def build_sentence_transformer(folder: Path, hidden: int = HIDDEN, layers: int = 2, heads: int = 2) -> Path:
    """Save a BERT + mean pooling sentence-transformers model in `folder`; return its path.

    Tiny by default; benchmarks ask for bge-small-zh's size (hidden 512, 4 layers, 8 heads).
    """
    import torch
    from sentence_transformers import SentenceTransformer
    from sentence_transformers.sentence_transformer.modules import Pooling, Transformer
    from transformers import BertModel

    quiet_transformers()
    torch.manual_seed(0)
    bert_dir = folder / "bert"
    tokenizer = _tokenizer(bert_dir)
    BertModel(_bert_config(len(tokenizer.get_vocab()), hidden, layers, heads)).save_pretrained(bert_dir)
    tokenizer.save_pretrained(bert_dir)
    transformer = Transformer(str(bert_dir), max_seq_length=128 if hidden == HIDDEN else 512)
    model = SentenceTransformer(modules=[transformer, Pooling(hidden, pooling_mode="mean")], device="cpu")
    target = folder / "tiny-st"
    model.save(str(target))
    return target


def build_cross_encoder(folder: Path) -> Path:
    """Save a tiny BERT sequence classifier with one label, loadable by CrossEncoder; return its path."""
    import torch
    from transformers import BertForSequenceClassification

    quiet_transformers()
    torch.manual_seed(1)
    target = folder / "tiny-ce"
    tokenizer = _tokenizer(target)
    config = _bert_config(len(tokenizer.get_vocab()), num_labels=1)
    BertForSequenceClassification(config).save_pretrained(target)
    tokenizer.save_pretrained(target)
    return target
