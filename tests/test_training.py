"""The training scripts' data shaping (no model is trained here)."""

from __future__ import annotations

import random
import sys
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "training"))

import prepare_bundle as pb  # noqa: E402
import train_verifier as tv  # noqa: E402

ARTICLE = [
    "The council met on Monday.",
    "It approved the new budget for schools.",
    "Teachers had asked for more money.",
    "The mayor praised the vote.",
    "Opponents said taxes would rise.",
]


def test_select_context_keeps_the_best_sentences_in_document_order_within_budget():
    ctx = pb.select_context(ARTICLE, "The mayor praised the budget vote", max_words=12)
    assert ctx == "It approved the new budget for schools. The mayor praised the vote."
    assert len(ctx.split()) <= 12


def test_widen_adds_neighbours_and_refuses_to_reinsert_a_neutral_claims_sentence():
    rng = random.Random(0)
    wide = pb.widen(ARTICLE, ARTICLE[1], ARTICLE[1], "entailment", rng, max_words=40)
    assert wide is not None and ARTICLE[1] in wide and len(wide.split()) > len(ARTICLE[1].split())
    # an "extrinsic" claim taken from the same article must not come back into its premise
    far = ARTICLE[4]
    for seed in range(5):
        got = pb.widen(ARTICLE, ARTICLE[0], far, "neutral", random.Random(seed), max_words=40)
        assert got is None or far not in got
    assert pb.widen(ARTICLE, "Not in the article.", "", "entailment", rng, 40) is None


def test_windows_cover_every_sentence_with_overlap():
    sents = tv.simple_sentences(" ".join(ARTICLE))
    assert sents == ARTICLE
    wins = tv.windows(sents, max_words=12)
    joined = " ".join(wins)
    assert all(s in joined for s in ARTICLE)
    assert len(wins) >= 2 and wins[0].split(". ")[-1] in wins[1]  # consecutive windows share a sentence


def test_tokenize_blob_drops_long_pairs_and_is_deterministic():
    from transformers import AutoTokenizer

    from groundcheck.models.hf import packaged_embedder_dir

    tok = AutoTokenizer.from_pretrained(str(packaged_embedder_dir()))
    ex = [(s, "A claim.", i % 3, "set-a") for i, s in enumerate(ARTICLE)] + [("word " * 600, "A claim.", 0, "set-b")]
    blob, dropped = tv.tokenize_blob(tok, ex, max_length=64, seed=3)
    again, _ = tv.tokenize_blob(tok, ex, max_length=64, seed=3)
    assert dropped == {"set-b": 1} and len(blob["labels"]) == len(ARTICLE)
    assert blob == again
    assert sorted(blob["labels"]) == sorted(i % 3 for i in range(len(ARTICLE)))


@pytest.mark.parametrize("y,pred,expected", [([1, 1, 0, 0], [0.9, 0.8, 0.2, 0.1], 1.0)])
def test_cv_balanced_accuracy_of_a_separable_score(y, pred, expected):
    import numpy as np

    assert tv.cv_balanced_accuracy(np.array(y * 5), np.array(pred * 5)) == expected


def _write_nli(tmp_path: Path, rows: list[dict]) -> Path:
    import json
    import lzma

    (tmp_path / "train").mkdir()
    with lzma.open(tmp_path / "train" / "nli_and_consistency.jsonl.xz", "wt", encoding="utf-8") as f:
        for r in rows:
            f.write(json.dumps(r) + "\n")
    return tmp_path


def test_noncommercial_rows_are_kept_apart_and_the_permissive_mix_never_holds_them(tmp_path):
    rows = [
        {"dataset": "SICK", "source": "A man plays.", "claim": "A man sleeps.", "label": 0, "label3": "contradiction"},
        {"dataset": "ANLI-R1", "source": "It rained.", "claim": "It was wet.", "label": 1, "label3": "entailment"},
        {"dataset": "ConTRoL", "source": "A long passage.", "claim": "A claim.", "label": 0},
        {"dataset": "MNLI", "source": "Cats purr.", "claim": "Cats make sounds.", "label": 1, "label3": "entailment"},
        {"dataset": "FEVER-RTE", "source": "Paris is in France.", "claim": "Paris is in Spain.", "label": 0},
    ]
    data = _write_nli(tmp_path, rows)
    nc = pb.noncommercial_rows(data)
    assert [r["src"] for r in nc] == ["SICK", "ANLI", "ConTRoL"]
    assert [r["y"] for r in nc] == [tv.LABEL2ID["contradiction"], tv.LABEL2ID["entailment"], tv.NOT_ENTAILED]
    train, held = pb.nli_rows(data, random.Random(0), include_nc=False, heldout_per_set=0)
    assert sorted(r["src"] for r in train) == ["FEVER-RTE", "MNLI"] and held == []


def test_unpack_run_puts_the_frozen_tensors_back_from_the_init(tmp_path):
    import torch
    from safetensors.torch import load_file, save, save_file

    import unpack_run

    init = tmp_path / "init"
    init.mkdir()
    frozen, trained_before = torch.arange(6, dtype=torch.float16).reshape(2, 3), torch.zeros(4, dtype=torch.float16)
    save_file({"emb": frozen, "layer": trained_before}, str(init / "model.safetensors"))
    (init / "config.json").write_text("{}")
    blob = save({"layer": torch.full((4,), 0.5, dtype=torch.float16)})
    parts = tmp_path / "parts"
    parts.mkdir()
    # split into unequal parts, and name them so that a plain string sort would join them in the wrong order
    for i, (a, b) in enumerate([(0, 10), (10, 20)] + [(20 + 10 * k, 30 + 10 * k) for k in range(len(blob) // 10)]):
        if a < len(blob):
            (parts / f"model-a.fp16.safetensors.part-{i}").write_bytes(blob[a:b])
    unpack_run.main(["--parts", str(parts), "--variant", "a", "--init", str(init), "--out", str(tmp_path / "out")])
    got = load_file(str(tmp_path / "out" / "model.safetensors"))
    assert got["emb"].dtype == torch.float32 and torch.equal(got["emb"], frozen.float())
    assert torch.equal(got["layer"], torch.full((4,), 0.5))
    assert (tmp_path / "out" / "config.json").exists()
    with pytest.raises(SystemExit):
        unpack_run.main(["--parts", str(parts), "--variant", "b", "--init", str(init), "--out", str(tmp_path / "x")])


def unpack_one_part(tmp_path, init, blob: bytes) -> dict:
    """What unpack_run rebuilds from a run sent back as one part."""
    from safetensors.torch import load_file

    import unpack_run

    parts = tmp_path / "parts"
    parts.mkdir()
    (parts / "model-a.fp16.safetensors.part-0").write_bytes(blob)
    unpack_run.main(["--parts", str(parts), "--variant", "a", "--init", str(init), "--out", str(tmp_path / "out")])
    return load_file(str(tmp_path / "out" / "model.safetensors"))


def test_unpack_run_rebuilds_a_run_from_the_packaged_base_with_its_own_config(tmp_path):
    import json

    import torch
    from safetensors.torch import save, save_file

    # the base names its tensors without the classifier model's "bert." prefix and has no 3-way head
    init = tmp_path / "init"
    init.mkdir()
    emb = torch.arange(6, dtype=torch.float16).reshape(2, 3)
    save_file({"embeddings.word_embeddings.weight": emb, "encoder.w": torch.zeros(2, dtype=torch.float16)},
              str(init / "model.safetensors"))
    (init / "config.json").write_text('{"architectures": ["BertModel"]}')
    (init / "vocab.txt").write_text("[PAD]\n")
    config = {"architectures": ["BertForSequenceClassification"], "id2label": {"0": "entailment"}}
    blob = save({"bert.encoder.w": torch.ones(2, dtype=torch.float16), "classifier.weight": torch.ones(3, 2, dtype=torch.float16)},
                metadata={"config": json.dumps(config)})
    got = unpack_one_part(tmp_path, init, blob)
    assert sorted(got) == ["bert.embeddings.word_embeddings.weight", "bert.encoder.w", "classifier.weight"]
    assert torch.equal(got["bert.embeddings.word_embeddings.weight"], emb.float())
    assert torch.equal(got["bert.encoder.w"], torch.ones(2))
    assert json.loads((tmp_path / "out" / "config.json").read_text()) == config
    assert (tmp_path / "out" / "vocab.txt").exists()


def test_keep_layers_cuts_the_encoder_to_the_chosen_layers_in_order():
    import torch
    from transformers import BertConfig, BertForSequenceClassification

    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=30, hidden_size=8, num_hidden_layers=4, num_attention_heads=2, intermediate_size=16,
                     num_labels=3)
    model = BertForSequenceClassification(cfg)
    third = model.bert.encoder.layer[2].output.dense.weight.detach().clone()
    tv.keep_layers(model, [0, 2])
    assert len(model.bert.encoder.layer) == 2 and model.config.num_hidden_layers == 2
    assert torch.equal(model.bert.encoder.layer[1].output.dense.weight, third)
    assert model(input_ids=torch.tensor([[1, 2, 3]])).logits.shape == (1, 3)
    for bad in ([2, 0], [0, 4], [], [1, 1]):
        with pytest.raises(SystemExit):
            tv.keep_layers(BertForSequenceClassification(cfg), bad)


def test_unpack_run_leaves_out_the_init_layers_a_cut_run_dropped(tmp_path):
    import json

    import torch
    from safetensors.torch import save, save_file

    init = tmp_path / "init"
    init.mkdir()
    w = torch.zeros(2, dtype=torch.float16)
    save_file({"bert.embeddings.word_embeddings.weight": torch.ones(2, 2, dtype=torch.float16),
               **{f"bert.encoder.layer.{i}.w": w.clone() for i in range(4)}}, str(init / "model.safetensors"))
    (init / "config.json").write_text('{"num_hidden_layers": 4}')
    blob = save({f"bert.encoder.layer.{i}.w": torch.full((2,), 1.0 + i, dtype=torch.float16) for i in range(2)},
                metadata={"config": json.dumps({"num_hidden_layers": 2})})
    got = unpack_one_part(tmp_path, init, blob)
    assert sorted(got) == ["bert.embeddings.word_embeddings.weight", "bert.encoder.layer.0.w", "bert.encoder.layer.1.w"]
    assert torch.equal(got["bert.encoder.layer.1.w"], torch.full((2,), 2.0))


def test_a_bundle_trains_on_the_sources_asked_for_and_the_noncommercial_rows_only_when_asked(tmp_path):
    import argparse
    import json
    import lzma

    from transformers import AutoTokenizer

    from groundcheck.models.hf import packaged_embedder_dir

    def write(name, rows):
        with lzma.open(tmp_path / name, "wt", encoding="utf-8") as f:
            for r in rows:
                f.write(json.dumps(r) + "\n")

    write("train.jsonl.xz", [{"p": s, "h": "A claim.", "y": 0, "src": src}
                             for s, src in zip(ARTICLE, ("MNLI", "synth:entity", "synth:number", "HaluEval-summ", "RTE"))])
    write("train_nc.jsonl.xz", [{"p": "A man plays.", "h": "A man sleeps.", "y": 2, "src": "SICK"}])
    tok = AutoTokenizer.from_pretrained(str(packaged_embedder_dir()))

    def sources(**kw):
        args = argparse.Namespace(bundle=str(tmp_path), max_length=64, seed=1, include_noncommercial=False, sources="",
                                  exclude="")
        vars(args).update(kw)
        return sorted(tv.build_from_bundle(args, tmp_path, tok, None)["source"])

    assert sources() == ["HaluEval-summ", "MNLI", "RTE", "synth:entity", "synth:number"]
    assert sources(include_noncommercial=True) == ["HaluEval-summ", "MNLI", "RTE", "SICK", "synth:entity", "synth:number"]
    assert sources(sources="synth:,HaluEval-summ") == ["HaluEval-summ", "synth:entity", "synth:number"]
    # the control of a data experiment: everything but the named sources
    assert sources(exclude="synth:number,HaluEval") == ["MNLI", "RTE", "synth:entity"]


def test_distil_loss_is_zero_when_the_student_agrees_and_pulls_it_towards_the_teacher():
    import torch

    teacher = torch.tensor([[2.0, 0.0, -1.0], [-1.0, 0.5, 1.5]])
    assert float(tv.distil_loss(teacher.clone(), teacher, 2.0, torch)) == pytest.approx(0.0, abs=1e-6)
    student = torch.zeros(2, 3, requires_grad=True)
    before = tv.distil_loss(student, teacher, 2.0, torch)
    assert float(before.detach()) > 0
    before.backward()
    with torch.no_grad():
        moved = student - 0.5 * student.grad
    assert float(tv.distil_loss(moved, teacher, 2.0, torch)) < float(before.detach())
    # the student is pulled towards the label the teacher ranks first
    assert moved[0].argmax() == 0 and moved[1].argmax() == 2


def test_teacher_order_puts_a_teachers_columns_in_this_scripts_label_order():
    assert tv.teacher_order({"0": "contradiction", "1": "entailment", "2": "neutral"}) == [1, 2, 0]
    assert tv.teacher_order({0: "ENTAILMENT", 1: "NEUTRAL", 2: "CONTRADICTION"}) == [0, 1, 2]
    with pytest.raises(SystemExit):
        tv.teacher_order({0: "LABEL_0", 1: "LABEL_1"})


def test_a_cut_student_trains_against_its_uncut_init_as_teacher(tmp_path):
    import json
    import lzma
    import shutil

    import torch
    from safetensors.torch import load_file
    from transformers import BertConfig, BertForSequenceClassification

    from groundcheck.models.hf import packaged_embedder_dir

    bundle = tmp_path / "bundle"
    init = bundle / "init"
    init.mkdir(parents=True)
    for f in ("vocab.txt", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json"):
        shutil.copy(packaged_embedder_dir() / f, init / f)
    torch.manual_seed(0)
    cfg = BertConfig(vocab_size=30522, hidden_size=8, num_hidden_layers=3, num_attention_heads=2,
                     intermediate_size=16, num_labels=3, id2label=tv.ID2LABEL,
                     label2id={v: k for k, v in tv.ID2LABEL.items()})
    BertForSequenceClassification(cfg).save_pretrained(str(init), safe_serialization=True)
    with lzma.open(bundle / "train.jsonl.xz", "wt", encoding="utf-8") as f:
        for i, s in enumerate(ARTICLE * 2):
            f.write(json.dumps({"p": s, "h": "A claim.", "y": i % 3, "src": "MNLI"}) + "\n")

    def run(name, *extra):
        out = tmp_path / name
        tv.main(["--bundle", str(bundle), "--out", str(out), "--device", "cpu", "--threads", "1", "--max-length", "32",
                 "--batch-size", "2", "--limit", "2", "--keep-layers", "0,2", "--log-every", "1", "--lr", "1e-2",
                 *extra])
        return out, load_file(str(out / "ckpt" / "model.safetensors"))

    out, taught = run("taught", "--teacher", "init")
    log = (out / "train.log").read_text()
    assert "distilling from" in log and "(3 layers)" in log
    assert json.loads((out / "ckpt" / "config.json").read_text())["num_hidden_layers"] == 2
    assert "step 2/" in log
    # the same run without the teacher, same seed and batches: only the loss differs, so must the weights
    _, plain = run("plain")
    assert sorted(taught) == sorted(plain)
    assert any(not torch.equal(taught[k], plain[k]) for k in taught)
