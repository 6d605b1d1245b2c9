from newsevents import langid


def test_languages_of_plain_sentences():
    assert langid.detect("Forțele ruse au capturat trei așezări în estul Ucrainei.").language == "ro"
    assert langid.detect("Russia's air defence systems destroyed 15 Ukrainian drones overnight.").language == "en"
    assert langid.detect("Средствами ПВО перехвачены и уничтожены беспилотники.").language == "ru"


def test_too_short_is_und():
    assert langid.detect("OK").language == "und"
    assert langid.detect("12 345 !!").language == "und"


def test_cedilla_folding():
    assert langid.fold_romanian("ş ţ Ş Ţ") == "ș ț Ș Ț"


def test_deterministic_across_calls():
    text = "Ucraina a crescut producția de proiectile pentru mortiere"
    assert len({langid.detect(text) for _ in range(20)}) == 1


def test_document_language_is_character_weighted():
    paras = ["Publié le 12 mars par la rédaction",
             "Russia has begun using North Korean troops in significant numbers to attack Ukrainian forces "
             "in the Kursk region, President Volodymyr Zelensky has said, adding more detail."]
    labels = langid.detect_paragraphs(paras)
    assert langid.document_language(paras, labels).language == "en"
