from newsevents import dedup

REPORT = ("Russia's air defence systems destroyed {n} Ukrainian drones overnight, the defence ministry said. "
          "{k} of the drones were downed over the Black Sea and the rest over the Kursk and Belgorod regions, "
          "it said in a post on its Telegram messaging channel, adding that there were no casualties.")


def test_exact_duplicate_after_normalisation():
    a = dedup.signature("a", "Moscow launched 139 drones “overnight”.")
    b = dedup.signature("b", "MOSCOW  launched 139 drones \"overnight\".")
    assert dedup.is_duplicate(a, b)


def test_templated_reports_with_other_numbers_are_not_duplicates():
    a = dedup.signature("a", REPORT.format(n=15, k=13))
    b = dedup.signature("b", REPORT.format(n=36, k=20))
    assert not dedup.is_duplicate(a, b)


def test_republished_copy_with_trimmed_tail_is_duplicate():
    text = REPORT.format(n=15, k=13) + " " + " ".join(f"Sentence number {w} about the war." for w in "abcdefghij")
    trimmed = text.rsplit(" Sentence", 1)[0]
    a, b = dedup.signature("a", text), dedup.signature("b", trimmed)
    assert dedup.hamming(a.simhash, b.simhash) <= dedup.MAX_HAMMING
    assert dedup.is_duplicate(a, b)


def test_cluster_is_order_independent():
    texts = {"x": REPORT.format(n=15, k=13), "y": REPORT.format(n=15, k=13) + " ",
             "z": REPORT.format(n=36, k=20)}
    sigs = [dedup.signature(k, v, rank=(i,)) for i, (k, v) in enumerate(sorted(texts.items()))]
    forward = dedup.cluster(sigs)
    backward = dedup.cluster(list(reversed(sigs)))
    assert forward == backward
    assert forward["y"] == ("x", "x") and forward["z"] == ("z", None)


def test_repeated_paragraphs():
    p = ["Thirteen of the drones were downed over the Black Sea, the ministry said.",
         "Something else entirely happened in another region of the country today.",
         "Thirteen of the drones were downed over the Black Sea, the ministry said."]
    assert dedup.repeated_paragraphs(p) == [None, None, 0]


def test_signed_storage_roundtrip():
    for v in (0, 1, (1 << 63) - 1, 1 << 63, (1 << 64) - 1):
        assert dedup.to_signed(v) & ((1 << 64) - 1) == v
