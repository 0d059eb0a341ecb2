"""Deterministic synthetic corpus: N papers of realistic shape written as a content/ store."""

from __future__ import annotations

import argparse
import datetime as dt
import itertools
import os
import random
import sys
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))

from generator.models import Paper, Source  # noqa: E402
from generator.normalise import unique_slug  # noqa: E402
from generator.store import papers_dir, render_paper  # noqa: E402

FIRST_NAMES = (
    "Wei Li Jie Yann Anna Maria Jose Ahmed Fatima Chen Xin Yu Hao Mei Lucas Emma Noah Olivia Liam Sofia "
    "Ivan Olga Dmitri Priya Rahul Arjun Kenji Yuki Hiroshi Sara Omar Layla David Sarah Michael Laura Pierre "
    "Camille Jürgen Björn Zoë Ana João Mateus Kim Min-jun Ji-woo Thanh Linh Ngozi Kwame Amara Tomás Inés"
).split()
LAST_NAMES = (
    "Wang Li Zhang Liu Chen Yang Huang Zhao Wu Zhou Smith Johnson Brown Garcia Müller Schmidt Rossi Bianchi "
    "Dubois Martin Kumar Singh Patel Sharma Tanaka Suzuki Sato Kim Park Lee Nguyen Tran Ivanov Petrov "
    "Kowalski Nowak Silva Santos Pereira Okafor Mensah Haddad Cohen Levi Andersson Johansson Novák Horváth "
    "O'Brien Murphy Fischer Weber Lefèvre Ødegaard LeCun Bengio Hinton Schölkopf Jordan Ng Goodfellow"
).split()
TOPIC_WORDS = (
    "Computer Vision|Natural Language Processing|Reinforcement Learning|Graph Neural Networks|Robotics|"
    "Speech Recognition|Generative Models|Diffusion Models|Large Language Models|Optimization|"
    "Federated Learning|Interpretability|Fairness|Causal Inference|Bayesian Methods|Time Series|"
    "Recommender Systems|Information Retrieval|Medical Imaging|Bioinformatics|Quantum Computing|"
    "Theory|Adversarial Robustness|Self-Supervised Learning|Meta-Learning|Continual Learning|"
    "Multimodal Learning|Video Understanding|3D Vision|Autonomous Driving|Program Synthesis|"
    "Code Generation|Question Answering|Machine Translation|Summarization|Dialogue Systems|"
    "Knowledge Graphs|Efficient Inference|Model Compression|Hardware|Privacy|Security|"
    "Climate Science|Physics-Informed ML|Neuroscience|Education|Evaluation|Datasets|Agents|Alignment"
).split("|")
CATEGORIES = ("cs.LG", "cs.CL", "cs.CV", "cs.AI", "stat.ML", "cs.RO", "cs.IR", "cs.NE", "eess.AS",
              "cs.CR", "q-bio.QM", "physics.comp-ph", "math.OC", "cs.SE", "cs.HC")
LISTINGS = (("hf-daily-papers.txt", "hf-daily"), ("arxiv-cs-lg.txt", "arxiv-list"),
            ("aitopics-feed.txt", "aitopics"), ("author-profiles.txt", "author-profile"),
            ("paperswithcode-trending.txt", "pwc"))
BASE_WORDS = (
    "learning model models neural network networks deep training data dataset datasets method methods "
    "approach propose proposed performance results task tasks state art benchmark benchmarks show "
    "language vision image images video text representation representations transformer transformers "
    "attention graph graphs optimization gradient loss function functions algorithm algorithms "
    "framework efficient scalable robust generalization supervised unsupervised self reinforcement "
    "policy agent agents reward environment inference sampling diffusion generative adversarial "
    "latent space embedding embeddings feature features layer layers parameters scale scaling large "
    "small pretrained fine tuning pretraining zero shot few prompt prompts reasoning knowledge "
    "retrieval question answering translation summarization detection segmentation classification "
    "regression clustering estimation prediction forecasting temporal spatial multimodal audio speech "
    "robot robotic control planning navigation simulation real world experiments evaluate evaluation "
    "metric metrics accuracy error theoretical analysis bound bounds convergence complexity linear "
    "nonlinear convex stochastic bayesian probabilistic uncertainty calibration causal fairness bias "
    "privacy federated distributed parallel memory compute cost hardware inference latency throughput "
    "compression quantization pruning distillation sparse dense mixture experts encoder decoder "
    "autoregressive token tokens sequence sequences context window long short term novel new existing "
    "prior previous work works significantly outperforms baseline baselines improves improvement "
    "demonstrate extensive empirical study studies challenging problem problems setting settings "
    "open source code available release human preference alignment safety interpretability "
    "explanation explanations medical clinical protein molecules molecular chemistry physics climate"
).split()
LATEX = (r"$\mathcal{O}(n \log n)$", r"$\epsilon$-greedy", r"$L_2$", r"$\alpha=0.5$", r"$\sqrt{T}$",
         r"$\ell_1$-regularised", r"$k$-NN", r"$\mathbb{R}^d$", r"$\beta$-VAE", r"$p < 0.05$")
START = dt.date(2015, 1, 1)
DAYS = 3650


def make_vocabulary(size: int, rng: random.Random) -> list[str]:
    """Base English words followed by made-up technical terms (acronyms, model names)."""
    consonants, vowels = "bcdfghjklmnprstvwxz", "aeiouy"
    extra: set[str] = set()
    while len(extra) < size:
        word = "".join(rng.choice(consonants) + rng.choice(vowels) + (rng.choice(consonants) if rng.random() < 0.5 else "")
                       for _ in range(rng.randint(2, 4)))
        extra.add(word.upper() if rng.random() < 0.1 else word)
    terms = sorted(extra)  # a set's order depends on PYTHONHASHSEED: sort, then shuffle with the seeded rng
    rng.shuffle(terms)
    return list(BASE_WORDS) + terms


def zipf_weights(count: int, exponent: float = 1.0, offset: float = 0.0) -> list[float]:
    """Cumulative Zipf(-Mandelbrot) weights for rank 1..count, for random.choices(cum_weights=...)."""
    return list(itertools.accumulate(1.0 / ((rank + offset) ** exponent) for rank in range(1, count + 1)))


def make_authors(count: int, rng: random.Random) -> list[str]:
    """A pool of distinct author names, shuffled so popularity is not alphabetical."""
    names: set[str] = set()
    while len(names) < count:
        middle = f" {rng.choice('ABCDEFGHJKLMNPRSTW')}." if rng.random() < 0.3 else ""
        names.add(f"{rng.choice(FIRST_NAMES)}{middle} {rng.choice(LAST_NAMES)}")
        if len(names) < count and rng.random() < 0.4:
            names.add(f"{rng.choice(FIRST_NAMES)} {rng.choice(LAST_NAMES)}-{rng.choice(LAST_NAMES)}")
    pool = sorted(names)
    rng.shuffle(pool)
    return pool


def make_sentence(rng: random.Random, vocab: list[str], cum: list[float], words: int) -> str:
    """One sentence of Zipf-drawn words, sometimes with a bit of LaTeX."""
    chosen = rng.choices(vocab, cum_weights=cum, k=words)
    if rng.random() < 0.25:
        chosen.insert(rng.randrange(len(chosen)), rng.choice(LATEX))
    text = " ".join(chosen)
    return text[0].upper() + text[1:] + "."


def make_abstract(rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    """About 1,200 characters of sentences."""
    sentences: list[str] = []
    length = 0
    target = rng.randint(900, 1500)
    while length < target:
        sentence = make_sentence(rng, vocab, cum, rng.randint(10, 24))
        sentences.append(sentence)
        length += len(sentence) + 1
    return " ".join(sentences)


def make_title(rng: random.Random, vocab: list[str], cum: list[float]) -> str:
    """A title such as 'Name: Efficient Graph Transformers for Protein Design'."""
    words = [word.capitalize() if word.islower() else word
             for word in rng.choices(vocab[:400], cum_weights=cum[:400], k=rng.randint(4, 9))]
    if rng.random() < 0.3:
        return f"{rng.choice(vocab[len(BASE_WORDS):]).capitalize()}: {' '.join(words)}"
    return " ".join(words)


def make_paper(index: int, rng: random.Random, pools: dict, titles: list[str]) -> Paper:
    """One paper; about 3% reuse or nearly reuse an earlier title."""
    if titles and rng.random() < 0.03:
        title = rng.choice(titles)
        title = title if rng.random() < 0.5 else title + "s" if rng.random() < 0.5 else title.lower()
    else:
        title = make_title(rng, pools["vocab"], pools["cum"])
    titles.append(title)
    count = rng.randint(3, 10)
    authors = list(dict.fromkeys(rng.choices(pools["authors"], cum_weights=pools["author_cum"], k=count)))
    day = START + dt.timedelta(days=int(DAYS * rng.random() ** 0.6))  # more papers in recent years
    shape = rng.random()
    date = day.isoformat() if shape < 0.85 else day.isoformat()[:7] if shape < 0.95 else str(day.year)
    topics = list(dict.fromkeys(rng.choices(TOPIC_WORDS, cum_weights=pools["topic_cum"], k=rng.randint(1, 3))))
    listing, fmt = LISTINGS[index % len(LISTINGS)] if rng.random() < 0.7 else rng.choice(LISTINGS)
    sources = [Source(listing=listing, format=fmt, line=index + 1, captured="2025-01-15")]
    if rng.random() < 0.2:
        other, other_fmt = rng.choice(LISTINGS)
        if other != listing:
            sources.append(Source(listing=other, format=other_fmt, line=index // 2 + 1, captured="2025-01-15"))
    upvoted = rng.random() < 0.4
    return Paper(
        title=title, authors=authors, date=date, year_inferred=shape >= 0.95, topics=topics,
        arxiv_category=rng.choice(CATEGORIES) if rng.random() < 0.8 else None,
        arxiv=f"{day.year % 100:02d}{day.month:02d}.{index % 100000:05d}" if rng.random() < 0.7 else None,
        score=round(rng.random() * 10, 2) if rng.random() < 0.3 else None,
        upvotes=int(rng.paretovariate(1.2)) if upvoted else None,
        code=True if rng.random() < 0.4 else None,
        sources=sources,
        abstract=make_abstract(rng, pools["vocab"], pools["cum"]),
    )


def make_pools(count: int, seed: int) -> dict:
    """Shared vocabularies: words, authors (~N/3) and topics, each with Zipf weights."""
    rng = random.Random(seed)
    vocab = make_vocabulary(max(2000, count // 2), rng)
    authors = make_authors(max(30, count // 3), rng)
    return {"vocab": vocab, "cum": zipf_weights(len(vocab), 1.05, 8.0), "authors": authors,
            "author_cum": zipf_weights(len(authors), 0.9), "topic_cum": zipf_weights(len(TOPIC_WORDS), 0.8)}


def generate_papers(count: int, seed: int = 7) -> list[Paper]:
    """Exactly `count` papers, identical for the same count and seed."""
    pools = make_pools(count, seed)
    rng = random.Random(seed + 1)
    titles: list[str] = []
    return [make_paper(index, rng, pools, titles) for index in range(count)]


def assign_slugs(papers: list[Paper]) -> list[tuple[str, Paper]]:
    """Unique slugs in corpus order, the way the importer gives them."""
    taken: set[str] = set()
    named = []
    for paper in papers:
        slug = unique_slug(paper.title, taken)
        taken.add(slug)
        named.append((slug, paper))
    return named


def _write_batch(batch: list[tuple[str, Paper]], directory: str) -> int:
    for slug, paper in batch:
        Path(directory, f"{slug}.md").write_text(render_paper(paper), "utf-8")
    return len(batch)


def write_corpus(count: int, out_dir: Path, seed: int = 7, workers: int | None = None) -> list[tuple[str, Paper]]:
    """Generate and write `count` papers into out_dir/papers/; returns (slug, paper) pairs."""
    named = assign_slugs(generate_papers(count, seed))
    directory = papers_dir(out_dir)
    directory.mkdir(parents=True, exist_ok=True)
    workers = workers or min(4, os.cpu_count() or 1)
    if count < 2000 or workers == 1:
        _write_batch(named, str(directory))
        return named
    size = -(-count // (workers * 4))
    batches = [named[start:start + size] for start in range(0, count, size)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write_batch, batches, itertools.repeat(str(directory))))
    return named


def main(argv: list[str] | None = None) -> None:
    """CLI: python bench/corpus.py N OUTDIR [--seed S]."""
    parser = argparse.ArgumentParser(description=main.__doc__)
    parser.add_argument("count", type=int, help="how many papers")
    parser.add_argument("out_dir", type=Path, help="content directory to write (papers/ goes inside)")
    parser.add_argument("--seed", type=int, default=7)
    args = parser.parse_args(argv)
    write_corpus(args.count, args.out_dir, args.seed)
    print(f"wrote {args.count} papers to {papers_dir(args.out_dir)}")


if __name__ == "__main__":
    main()
