"""Plain-language texts for citizens, in German, English, Turkish, Arabic and Ukrainian.

One table, written by people (no machine translation at run time); every key has all five
languages and the same ``{placeholders}`` in each (a test checks). German is kept plain:
short sentences, common words, no jargon; its readability is measured
(:mod:`koki_climate.ui.readability`). Numbers that agree with a noun are avoided in Arabic
and Ukrainian (their plural forms depend on the number): "Anzahl: {count}" style instead.

Keys: ``plain_zone_*`` (zone classes), ``plain_scn_*`` (pieces of a scenario explanation),
``plain_event_*`` and ``plain_p_*`` (probability in words), ``plain_reason_*`` and
``plain_place_*`` (the place card), ``part_*`` (the participation form).
"""
from __future__ import annotations

TEXTS: dict[str, dict[str, str]] = {
    # --- zone classes -----------------------------------------------------------------------------
    "plain_zone_label_0": {"de": "Keine Einschränkung", "en": "No restriction", "tr": "Kısıtlama yok",
                           "ar": "لا قيود", "uk": "Без обмежень"},
    "plain_zone_label_1": {"de": "Hohes Grundwasser", "en": "High groundwater", "tr": "Yüksek yeraltı suyu",
                           "ar": "مياه جوفية مرتفعة", "uk": "Високі ґрунтові води"},
    "plain_zone_label_2": {"de": "Bauen mit Auflagen", "en": "Build with conditions", "tr": "Koşullu yapılaşma",
                           "ar": "البناء بشروط", "uk": "Будівництво з умовами"},
    "plain_zone_label_3": {"de": "Freihalten", "en": "Keep free", "tr": "Boş bırakılmalı",
                           "ar": "يُترك خاليًا", "uk": "Залишити вільним"},
    "plain_zone_label_nodata": {"de": "Keine Daten", "en": "No data", "tr": "Veri yok", "ar": "لا توجد بيانات",
                                "uk": "Немає даних"},
    "plain_zone_0": {
        "de": "Nach diesem Szenario droht hier keine besondere Gefahr durch Wasser. Ganz sicher ist das nie: "
              "Auch hier kann bei Starkregen Wasser fließen. Die Stadt muss hier nichts Besonderes regeln.",
        "en": "This scenario shows no particular danger from water here. It is never completely sure: "
              "water can flow here too in heavy rain. The town needs no special rules here.",
        "tr": "Bu senaryoya göre burada sudan kaynaklanan özel bir tehlike yok. Ama bu hiçbir zaman kesin "
              "değildir: Şiddetli yağmurda su buradan da akabilir. Belediyenin burada özel bir kural koyması "
              "gerekmez.",
        "ar": "حسب هذا السيناريو لا يوجد هنا خطر خاص من الماء. لكن لا شيء مؤكد تمامًا: قد يجري الماء هنا "
              "أيضًا عند هطول أمطار غزيرة. لا تحتاج البلدية هنا إلى قواعد خاصة.",
        "uk": "За цим сценарієм тут немає особливої небезпеки від води. Але повної певності немає ніколи: "
              "під час сильної зливи вода може текти й тут. Місту не потрібні тут особливі правила.",
    },
    "plain_zone_1": {
        "de": "Hier steht das Grundwasser hoch: bis etwa 1 Meter unter dem Boden. Keller können nass werden. "
              "Wer hier baut, braucht einen dichten Keller. Die Stadt kann im Plan darauf hinweisen.",
        "en": "Groundwater is high here: up to about 1 metre below the ground. Basements can get wet. "
              "Anyone who builds here needs a watertight basement. The town can point this out in its plan.",
        "tr": "Burada yeraltı suyu yüksek: yerin yaklaşık 1 metre altına kadar çıkıyor. Bodrumlar ıslanabilir. "
              "Burada bina yapan, su geçirmez bir bodrum yapmalı. Belediye planında buna dikkat çekebilir.",
        "ar": "المياه الجوفية هنا مرتفعة: حتى نحو متر واحد تحت سطح الأرض. قد تبتلّ الأقبية. من يبني هنا "
              "يحتاج إلى قبو محكم لا يدخله الماء. يمكن للبلدية أن تشير إلى ذلك في مخططها.",
        "uk": "Ґрунтові води тут високо: приблизно до 1 метра під землею. Підвали можуть намокнути. "
              "Хто тут будує, потребує водонепроникного підвалу. Місто може вказати на це у своєму плані.",
    },
    "plain_zone_2": {
        "de": "Hier kann nur bei sehr starkem Regen Wasser stehen. So ein Regen ist noch seltener. "
              "Bauen geht hier, aber nur mit Schutz vor Wasser. Die Stadt kann dafür Regeln in den Plan "
              "schreiben, zum Beispiel dichte Keller.",
        "en": "Water may stand here only in very heavy rain. Such rain is even rarer. Building is possible "
              "here, but only with protection against water. The town can write rules for this into its plan, "
              "for example watertight basements.",
        "tr": "Burada ancak çok şiddetli yağmurda su birikebilir. Böyle bir yağmur daha da seyrek görülür. "
              "Burada yapı yapılabilir, ama sadece sudan korunarak. Belediye bunun için planına kurallar "
              "yazabilir, örneğin su geçirmez bodrumlar.",
        "ar": "قد يتجمع الماء هنا فقط عند أمطار غزيرة جدًا. ومثل هذه الأمطار أندر من ذلك. البناء هنا ممكن، "
              "لكن فقط مع حماية من الماء. يمكن للبلدية أن تكتب لذلك قواعد في مخططها، مثل أقبية محكمة لا "
              "يدخلها الماء.",
        "uk": "Тут вода може стояти лише під час дуже сильної зливи. Така злива буває ще рідше. Будувати тут "
              "можна, але лише із захистом від води. Місто може записати для цього правила у план, наприклад "
              "водонепроникні підвали.",
    },
    "plain_zone_3": {
        "de": "Hier kann bei starkem Regen Wasser stehen. So ein Regen kommt etwa einmal in 100 Jahren. "
              "Die Stadt kann die Fläche im Plan frei halten. Dann bleibt Platz für das Wasser.",
        "en": "Water may stand here in heavy rain. Such rain comes about once in 100 years. The town can keep "
              "this area free in its plan. Then the water has room.",
        "tr": "Şiddetli yağmurda burada su birikebilir. Böyle bir yağmur yaklaşık 100 yılda bir olur. "
              "Belediye bu alanı planında boş tutabilir. Böylece suya yer kalır.",
        "ar": "قد يتجمع الماء هنا عند هطول أمطار غزيرة. مثل هذه الأمطار تأتي مرة كل 100 سنة تقريبًا. "
              "يمكن للبلدية أن تُبقي هذه المساحة خالية في مخططها. عندها يبقى للماء مكان.",
        "uk": "Під час сильної зливи тут може стояти вода. Така злива буває приблизно раз на 100 років. "
              "Місто може залишити цю ділянку вільною у своєму плані. Тоді вода матиме місце.",
    },
    "plain_zone_title": {"de": "Was bedeuten die Zonen?", "en": "What do the zones mean?",
                         "tr": "Bölgeler ne anlama geliyor?", "ar": "ماذا تعني المناطق؟",
                         "uk": "Що означають зони?"},
    "plain_advisory": {
        "de": "Die Karte ist nur ein Vorschlag für die Planung. Amtliche Hochwassergebiete legt die "
              "Wasserbehörde fest (§ 76 WHG).",
        "en": "This map is only a proposal for planning. Official flood areas are set by the water authority "
              "(§ 76 WHG, German Water Act).",
        "tr": "Bu harita sadece planlama için bir öneridir. Resmî taşkın alanlarını su idaresi belirler "
              "(§ 76 WHG, Alman Su Yasası).",
        "ar": "هذه الخريطة مجرد اقتراح للتخطيط. المناطق الرسمية المعرّضة للفيضان تحددها سلطة المياه "
              "(المادة 76 من قانون المياه الألماني WHG).",
        "uk": "Ця карта — лише пропозиція для планування. Офіційні зони затоплення визначає водний орган "
              "(§ 76 WHG, Закон Німеччини про водні ресурси).",
    },
    # --- a scenario, piece by piece (see koki_climate.ui.plain_words.explain_scenario) ---------------
    "plain_scn_title": {"de": "Was zeigt dieses Szenario?", "en": "What does this scenario show?",
                        "tr": "Bu senaryo neyi gösteriyor?", "ar": "ماذا يُظهر هذا السيناريو؟",
                        "uk": "Що показує цей сценарій?"},
    "plain_scn_historical": {
        "de": "Dieses Szenario zeigt das Klima der Jahre 1991 bis 2020. So ist das Klima heute.",
        "en": "This scenario shows the climate of the years 1991 to 2020. That is today's climate.",
        "tr": "Bu senaryo 1991–2020 yıllarının iklimini gösterir. Bugünkü iklim budur.",
        "ar": "يعرض هذا السيناريو مناخ السنوات من 1991 إلى 2020. هذا هو مناخ اليوم.",
        "uk": "Цей сценарій показує клімат 1991–2020 років. Такий клімат сьогодні.",
    },
    "plain_scn_rcp26": {
        "de": "Dieses Szenario nimmt an: Die Welt schützt das Klima stark. Dann wird es nur wenig wärmer.",
        "en": "This scenario assumes: the world protects the climate strongly. Then it gets only a little "
              "warmer.",
        "tr": "Bu senaryonun varsayımı şu: Dünya iklimi güçlü bir şekilde korur. O zaman hava sadece biraz "
              "ısınır.",
        "ar": "يفترض هذا السيناريو أن العالم يحمي المناخ بقوة. عندها ترتفع الحرارة قليلًا فقط.",
        "uk": "Цей сценарій припускає: світ сильно захищає клімат. Тоді стане лише трохи тепліше.",
    },
    "plain_scn_rcp45": {
        "de": "Dieses Szenario nimmt an: Die Welt schützt das Klima etwas. Dann wird es deutlich wärmer.",
        "en": "This scenario assumes: the world protects the climate somewhat. Then it gets clearly warmer.",
        "tr": "Bu senaryonun varsayımı şu: Dünya iklimi biraz korur. O zaman hava belirgin şekilde ısınır.",
        "ar": "يفترض هذا السيناريو أن العالم يحمي المناخ قليلًا. عندها ترتفع الحرارة بشكل واضح.",
        "uk": "Цей сценарій припускає: світ трохи захищає клімат. Тоді стане помітно тепліше.",
    },
    "plain_scn_rcp85": {
        "de": "Dieses Szenario nimmt an: Die Welt schützt das Klima kaum. Dann wird es viel wärmer.",
        "en": "This scenario assumes: the world hardly protects the climate. Then it gets much warmer.",
        "tr": "Bu senaryonun varsayımı şu: Dünya iklimi neredeyse hiç korumaz. O zaman hava çok daha fazla "
              "ısınır.",
        "ar": "يفترض هذا السيناريو أن العالم لا يكاد يحمي المناخ. عندها ترتفع الحرارة كثيرًا.",
        "uk": "Цей сценарій припускає: світ майже не захищає клімат. Тоді стане значно тепліше.",
    },
    "plain_scn_horizon_2021_2050": {
        "de": "Es geht um die Jahre 2021 bis 2050.", "en": "It is about the years 2021 to 2050.",
        "tr": "Söz konusu olan 2021–2050 yıllarıdır.", "ar": "المقصود هو السنوات من 2021 إلى 2050.",
        "uk": "Ідеться про 2021–2050 роки.",
    },
    "plain_scn_horizon_2071_2100": {
        "de": "Es geht um die Jahre 2071 bis 2100.", "en": "It is about the years 2071 to 2100.",
        "tr": "Söz konusu olan 2071–2100 yıllarıdır.", "ar": "المقصود هو السنوات من 2071 إلى 2100.",
        "uk": "Ідеться про 2071–2100 роки.",
    },
    "plain_scn_rain_more": {
        "de": "Ein seltener Starkregen bringt dann etwa {percent} Prozent mehr Regen als heute.",
        "en": "A rare heavy rain then brings about {percent} percent more rain than today.",
        "tr": "Seyrek görülen şiddetli bir yağmur o zaman bugünden yaklaşık yüzde {percent} daha fazla yağış "
              "getirir.",
        "ar": "عندها تجلب الأمطار الغزيرة النادرة مطرًا أكثر من اليوم بنحو {percent} بالمئة.",
        "uk": "Тоді рідкісна сильна злива приносить приблизно на {percent} % більше дощу, ніж сьогодні.",
    },
    "plain_scn_rain_less": {
        "de": "Ein seltener Starkregen bringt dann etwa {percent} Prozent weniger Regen als heute.",
        "en": "A rare heavy rain then brings about {percent} percent less rain than today.",
        "tr": "Seyrek görülen şiddetli bir yağmur o zaman bugünden yaklaşık yüzde {percent} daha az yağış "
              "getirir.",
        "ar": "عندها تجلب الأمطار الغزيرة النادرة مطرًا أقل من اليوم بنحو {percent} بالمئة.",
        "uk": "Тоді рідкісна сильна злива приносить приблизно на {percent} % менше дощу, ніж сьогодні.",
    },
    "plain_scn_rain_same": {
        "de": "Ein seltener Starkregen bringt dann etwa so viel Regen wie heute.",
        "en": "A rare heavy rain then brings about as much rain as today.",
        "tr": "Seyrek görülen şiddetli bir yağmur o zaman bugünkü kadar yağış getirir.",
        "ar": "عندها تجلب الأمطار الغزيرة النادرة تقريبًا نفس كمية المطر كما اليوم.",
        "uk": "Тоді рідкісна сильна злива приносить приблизно стільки ж дощу, як сьогодні.",
    },
    "plain_scn_gw_same": {
        "de": "Wie hoch das Grundwasser steht, ist aus Messungen berechnet.",
        "en": "How high the groundwater stands is calculated from measurements.",
        "tr": "Yeraltı suyunun ne kadar yüksek olduğu ölçümlerden hesaplanmıştır.",
        "ar": "ارتفاع المياه الجوفية محسوب من القياسات.",
        "uk": "Рівень ґрунтових вод розраховано за вимірюваннями.",
    },
    "plain_scn_gw_higher": {
        "de": "Dazu nimmt das Szenario an: Das Grundwasser steht {meters} Meter höher.",
        "en": "The scenario also assumes that the groundwater stands {meters} metres higher.",
        "tr": "Senaryo ayrıca yeraltı suyunun {meters} metre daha yüksekte olduğunu varsayar.",
        "ar": "ويفترض السيناريو أيضًا أن المياه الجوفية أعلى بمقدار {meters} م.",
        "uk": "Сценарій також припускає, що ґрунтові води стоять на {meters} м вище.",
    },
    "plain_scn_gw_lower": {
        "de": "Dazu nimmt das Szenario an: Das Grundwasser steht {meters} Meter tiefer.",
        "en": "The scenario also assumes that the groundwater stands {meters} metres lower.",
        "tr": "Senaryo ayrıca yeraltı suyunun {meters} metre daha derinde olduğunu varsayar.",
        "ar": "ويفترض السيناريو أيضًا أن المياه الجوفية أخفض بمقدار {meters} م.",
        "uk": "Сценарій також припускає, що ґрунтові води стоять на {meters} м нижче.",
    },
    "plain_scn_land_none": {
        "de": "Die Flächen werden so genutzt wie heute.", "en": "The land is used as it is today.",
        "tr": "Araziler bugünkü gibi kullanılır.", "ar": "تُستخدم الأراضي كما هي اليوم.",
        "uk": "Землю використовують так само, як сьогодні.",
    },
    "plain_scn_develop_all": {
        "de": "Die geplanten Baugebiete werden bebaut.", "en": "The planned building areas are built on.",
        "tr": "Planlanan yapı alanlarına bina yapılır.", "ar": "تُبنى مناطق البناء المخطط لها.",
        "uk": "Заплановані ділянки під забудову забудовують.",
    },
    "plain_scn_develop_one": {
        "de": "Eine geplante Baufläche wird bebaut.", "en": "One planned building plot is built on.",
        "tr": "Planlanan bir yapı alanına bina yapılır.", "ar": "تُبنى قطعة أرض واحدة مخطط لها للبناء.",
        "uk": "Одну заплановану ділянку забудовують.",
    },
    "plain_scn_develop_many": {
        "de": "{count} geplante Bauflächen werden bebaut.", "en": "{count} planned building plots are built on.",
        "tr": "Planlanan {count} yapı alanına bina yapılır.",
        "ar": "تُبنى قطع أرض مخطط لها للبناء، عددها {count}.",
        "uk": "Забудовують заплановані ділянки. Їх кількість: {count}.",
    },
    "plain_scn_develop_part": {
        "de": "Sie werden nur zum Teil bebaut: etwa {percent} Prozent.",
        "en": "They are only partly built on: about {percent} percent.",
        "tr": "Ama sadece kısmen yapılaşır: yaklaşık yüzde {percent}.",
        "ar": "لكن يُبنى جزء منها فقط: نحو {percent} بالمئة.",
        "uk": "Але їх забудовують лише частково: приблизно на {percent} %.",
    },
    "plain_scn_develop_effect": {
        "de": "Dort kann weniger Regen im Boden versickern.", "en": "There, less rain can soak into the ground.",
        "tr": "Orada daha az yağmur suyu toprağa sızabilir.", "ar": "هناك يتسرّب مطر أقل إلى التربة.",
        "uk": "Там менше дощу може вбратися в землю.",
    },
    "plain_scn_unseal_one": {
        "de": "Auf einer Fläche werden Asphalt und Pflaster entfernt.",
        "en": "On one plot, asphalt and paving are removed.",
        "tr": "Bir alanda asfalt ve kaldırım taşları kaldırılır.",
        "ar": "يُزال الإسفلت والبلاط من قطعة أرض واحدة.",
        "uk": "На одній ділянці прибирають асфальт і бруківку.",
    },
    "plain_scn_unseal_many": {
        "de": "Auf {count} Flächen werden Asphalt und Pflaster entfernt.",
        "en": "On {count} plots, asphalt and paving are removed.",
        "tr": "{count} alanda asfalt ve kaldırım taşları kaldırılır.",
        "ar": "يُزال الإسفلت والبلاط من قطع أرض عددها {count}.",
        "uk": "Асфальт і бруківку прибирають з ділянок. Їх кількість: {count}.",
    },
    "plain_scn_unseal_part": {
        "de": "Davon werden etwa {percent} Prozent entfernt.",
        "en": "About {percent} percent of it is removed.",
        "tr": "Kaldırılan kısım yaklaşık yüzde {percent} kadardır.",
        "ar": "يُزال نحو {percent} بالمئة منها.",
        "uk": "Прибирають приблизно {percent} % покриття.",
    },
    "plain_scn_unseal_effect": {
        "de": "Dort kann Regen wieder im Boden versickern.", "en": "There, rain can soak into the ground again.",
        "tr": "Orada yağmur suyu yeniden toprağa sızabilir.", "ar": "هناك يستطيع المطر أن يتسرّب إلى التربة من جديد.",
        "uk": "Там дощ знову може вбиратися в землю.",
    },
    "plain_scn_retention_one": {
        "de": "Eine Fläche bleibt frei, damit sich dort Regenwasser sammeln kann.",
        "en": "One plot is kept free so that rainwater can collect there.",
        "tr": "Bir alan boş bırakılır, böylece yağmur suyu orada toplanabilir.",
        "ar": "تُترك قطعة أرض واحدة خالية حتى يتجمع فيها ماء المطر.",
        "uk": "Одну ділянку залишають вільною, щоб там збиралася дощова вода.",
    },
    "plain_scn_retention_many": {
        "de": "{count} Flächen bleiben frei, damit sich dort Regenwasser sammeln kann.",
        "en": "{count} plots are kept free so that rainwater can collect there.",
        "tr": "{count} alan boş bırakılır, böylece yağmur suyu orada toplanabilir.",
        "ar": "تُترك قطع أرض خالية، عددها {count}، حتى يتجمع فيها ماء المطر.",
        "uk": "Ділянки залишають вільними, щоб там збиралася дощова вода. Їх кількість: {count}.",
    },
    "plain_scn_expected": {
        "de": "Die Zonen zeigen, wo Wasser wahrscheinlich ist.", "en": "The zones show where water is likely.",
        "tr": "Bölgeler, suyun olası olduğu yerleri gösterir.",
        "ar": "تُظهر المناطق الأماكن التي يُرجَّح أن يصل إليها الماء.",
        "uk": "Зони показують, де вода ймовірна.",
    },
    "plain_scn_precautionary": {
        "de": "Die Zonen sind vorsichtig gezogen. Sie zeigen auch Stellen, an denen Wasser nur möglich ist.",
        "en": "The zones are drawn with caution. They also show places where water is only possible.",
        "tr": "Bölgeler ihtiyatla çizilmiştir. Suyun yalnızca mümkün olduğu yerleri de gösterir.",
        "ar": "رُسمت المناطق بحذر. فهي تُظهر أيضًا أماكن يكون فيها وصول الماء ممكنًا فقط.",
        "uk": "Зони накреслено з обережністю. Вони показують і місця, де вода лише можлива.",
    },
    # --- design events and probability in words ----------------------------------------------------
    "plain_event_hq10": {"de": "Häufiger Starkregen (etwa alle 10 Jahre)",
                         "en": "Frequent heavy rain (about every 10 years)",
                         "tr": "Sık görülen şiddetli yağmur (yaklaşık 10 yılda bir)",
                         "ar": "أمطار غزيرة متكررة (مرة كل 10 سنوات تقريبًا)",
                         "uk": "Часта сильна злива (приблизно раз на 10 років)"},
    "plain_event_hq100": {"de": "Seltener Starkregen (etwa alle 100 Jahre)",
                          "en": "Rare heavy rain (about every 100 years)",
                          "tr": "Seyrek şiddetli yağmur (yaklaşık 100 yılda bir)",
                          "ar": "أمطار غزيرة نادرة (مرة كل 100 سنة تقريبًا)",
                          "uk": "Рідкісна сильна злива (приблизно раз на 100 років)"},
    "plain_event_hqextrem": {"de": "Extremer Starkregen (noch viel seltener)",
                             "en": "Extreme heavy rain (much rarer still)",
                             "tr": "Aşırı şiddetli yağmur (çok daha seyrek)",
                             "ar": "أمطار غزيرة جدًا (أندر بكثير)",
                             "uk": "Екстремальна злива (ще набагато рідше)"},
    "plain_p_0": {"de": "Hier steht sehr wahrscheinlich kein Wasser.", "en": "Water is very unlikely here.",
                  "tr": "Burada büyük olasılıkla su birikmez.", "ar": "من المستبعد جدًا أن يتجمع الماء هنا.",
                  "uk": "Вода тут дуже малоймовірна."},
    "plain_p_1": {"de": "Hier steht wahrscheinlich kein Wasser.", "en": "Water is unlikely here.",
                  "tr": "Burada muhtemelen su birikmez.", "ar": "من غير المرجَّح أن يتجمع الماء هنا.",
                  "uk": "Вода тут малоймовірна."},
    "plain_p_2": {"de": "Hier kann Wasser stehen.", "en": "Water is possible here.",
                  "tr": "Burada su birikebilir.", "ar": "قد يتجمع الماء هنا.", "uk": "Вода тут можлива."},
    "plain_p_3": {"de": "Hier steht wahrscheinlich Wasser.", "en": "Water is likely here.",
                  "tr": "Burada muhtemelen su birikir.", "ar": "من المرجَّح أن يتجمع الماء هنا.",
                  "uk": "Вода тут імовірна."},
    "plain_p_4": {"de": "Hier steht sehr wahrscheinlich Wasser.", "en": "Water is very likely here.",
                  "tr": "Burada büyük olasılıkla su birikir.", "ar": "من المرجَّح جدًا أن يتجمع الماء هنا.",
                  "uk": "Вода тут дуже ймовірна."},
    "plain_p_word_0": {"de": "sehr unwahrscheinlich", "en": "very unlikely", "tr": "çok düşük olasılık",
                       "ar": "مستبعد جدًا", "uk": "дуже малоймовірно"},
    "plain_p_word_1": {"de": "unwahrscheinlich", "en": "unlikely", "tr": "düşük olasılık", "ar": "غير مرجَّح",
                       "uk": "малоймовірно"},
    "plain_p_word_2": {"de": "möglich", "en": "possible", "tr": "mümkün", "ar": "ممكن", "uk": "можливо"},
    "plain_p_word_3": {"de": "wahrscheinlich", "en": "likely", "tr": "olası", "ar": "مرجَّح", "uk": "імовірно"},
    "plain_p_word_4": {"de": "sehr wahrscheinlich", "en": "very likely", "tr": "çok olası", "ar": "مرجَّح جدًا",
                       "uk": "дуже ймовірно"},
    "plain_p_count": {
        "de": "Von 100 solchen Regenfällen bringen etwa {n} hier Wasser.",
        "en": "Of 100 such rains, about {n} bring water here.",
        "tr": "Bu tür 100 yağıştan yaklaşık {n} tanesi buraya su getirir.",
        "ar": "من كل 100 مرة يهطل فيها مطر كهذا، يصل الماء إلى هنا في نحو {n} منها.",
        "uk": "Зі 100 таких злив приблизно {n} приносять сюди воду.",
    },
    "plain_p_count_none": {
        "de": "Von 100 solchen Regenfällen bringt kaum einer hier Wasser.",
        "en": "Of 100 such rains, hardly any bring water here.",
        "tr": "Bu tür 100 yağıştan neredeyse hiçbiri buraya su getirmez.",
        "ar": "من كل 100 مرة يهطل فيها مطر كهذا، لا يكاد الماء يصل إلى هنا أبدًا.",
        "uk": "Зі 100 таких злив майже жодна не приносить сюди воду.",
    },
    # --- reasons: the point's value against the usual (median) value, then its effect ---------------
    "plain_reason_hand_low": {
        "de": "Die Stelle liegt nur wenig höher als der nächste Bach oder Fluss.",
        "en": "This place lies only a little higher than the nearest stream or river.",
        "tr": "Bu yer, en yakın dere veya nehirden sadece biraz yüksekte.",
        "ar": "هذا المكان أعلى قليلًا فقط من أقرب جدول أو نهر.",
        "uk": "Це місце лише трохи вище за найближчий струмок чи річку.",
    },
    "plain_reason_hand_high": {
        "de": "Die Stelle liegt hoch über dem nächsten Bach oder Fluss.",
        "en": "This place lies high above the nearest stream or river.",
        "tr": "Bu yer, en yakın dere veya nehirden epey yüksekte.",
        "ar": "هذا المكان أعلى بكثير من أقرب جدول أو نهر.",
        "uk": "Це місце лежить високо над найближчим струмком чи річкою.",
    },
    "plain_reason_slope_low": {"de": "Das Gelände ist hier flacher als üblich.",
                               "en": "The ground here is flatter than usual.",
                               "tr": "Arazi burada çoğu yere göre daha düz.",
                               "ar": "الأرض هنا أكثر استواءً من المعتاد.",
                               "uk": "Місцевість тут рівніша, ніж зазвичай."},
    "plain_reason_slope_high": {"de": "Das Gelände ist hier steiler als üblich.",
                                "en": "The ground here is steeper than usual.",
                                "tr": "Arazi burada çoğu yere göre daha dik.",
                                "ar": "الأرض هنا أشد انحدارًا من المعتاد.",
                                "uk": "Місцевість тут крутіша, ніж зазвичай."},
    "plain_reason_twi_low": {"de": "Hier sammelt sich weniger Wasser im Boden als üblich.",
                             "en": "Less water collects in the ground here than usual.",
                             "tr": "Burada toprakta çoğu yere göre daha az su toplanır.",
                             "ar": "يتجمع هنا في التربة ماء أقل من المعتاد.",
                             "uk": "Тут у ґрунті збирається менше води, ніж зазвичай."},
    "plain_reason_twi_high": {"de": "Hier sammelt sich mehr Wasser im Boden als üblich.",
                              "en": "More water collects in the ground here than usual.",
                              "tr": "Burada toprakta çoğu yere göre daha çok su toplanır.",
                              "ar": "يتجمع هنا في التربة ماء أكثر من المعتاد.",
                              "uk": "Тут у ґрунті збирається більше води, ніж зазвичай."},
    "plain_reason_log_upstream_km2_low": {"de": "Hierher fließt Regen nur von einer kleinen Fläche.",
                                          "en": "Rain flows here only from a small area.",
                                          "tr": "Buraya yağmur suyu sadece küçük bir alandan akar.",
                                          "ar": "يجري المطر إلى هنا من مساحة صغيرة فقط.",
                                          "uk": "Сюди стікає дощова вода лише з невеликої площі."},
    "plain_reason_log_upstream_km2_high": {"de": "Hierher fließt Regen von einer großen Fläche.",
                                           "en": "Rain flows here from a large area.",
                                           "tr": "Buraya yağmur suyu geniş bir alandan akar.",
                                           "ar": "يجري المطر إلى هنا من مساحة كبيرة.",
                                           "uk": "Сюди стікає дощова вода з великої площі."},
    "plain_reason_flow_distance_low": {"de": "Von hier ist der Weg für das Wasser zum Bach oder Fluss kurz.",
                                       "en": "From here, the way for water to the stream or river is short.",
                                       "tr": "Suyun buradan dere veya nehre giden yolu kısa.",
                                       "ar": "طريق الماء من هنا إلى الجدول أو النهر قصير.",
                                       "uk": "Шлях води звідси до струмка чи річки короткий."},
    "plain_reason_flow_distance_high": {"de": "Von hier ist der Weg für das Wasser zum Bach oder Fluss lang.",
                                        "en": "From here, the way for water to the stream or river is long.",
                                        "tr": "Suyun buradan dere veya nehre giden yolu uzun.",
                                        "ar": "طريق الماء من هنا إلى الجدول أو النهر طويل.",
                                        "uk": "Шлях води звідси до струмка чи річки довгий."},
    "plain_reason_depression_depth_low": {"de": "Die Stelle liegt in keiner tiefen Mulde.",
                                          "en": "This place is not in a deep hollow.",
                                          "tr": "Bu yer derin bir çukurda değil.",
                                          "ar": "هذا المكان ليس في منخفض عميق.",
                                          "uk": "Це місце не в глибокій заглибині."},
    "plain_reason_depression_depth_high": {"de": "Die Stelle liegt in einer Mulde. Dort kann Wasser stehen bleiben.",
                                           "en": "This place lies in a hollow. Water can stay there.",
                                           "tr": "Bu yer bir çukurda. Orada su birikip kalabilir.",
                                           "ar": "هذا المكان في منخفض. قد يبقى الماء فيه.",
                                           "uk": "Це місце в заглибині. Там може застоюватися вода."},
    "plain_reason_impervious_low": {"de": "Hier ist weniger Boden mit Asphalt oder Pflaster bedeckt als üblich.",
                                    "en": "Less ground here is covered with asphalt or paving than usual.",
                                    "tr": "Burada asfalt veya taşla kaplı alan çoğu yere göre daha az.",
                                    "ar": "الأرض المغطاة بالإسفلت أو البلاط هنا أقل من المعتاد.",
                                    "uk": "Тут менше землі вкрито асфальтом чи бруківкою, ніж зазвичай."},
    "plain_reason_impervious_high": {"de": "Hier ist mehr Boden mit Asphalt oder Pflaster bedeckt als üblich.",
                                     "en": "More ground here is covered with asphalt or paving than usual.",
                                     "tr": "Burada asfalt veya taşla kaplı alan çoğu yere göre daha fazla.",
                                     "ar": "الأرض المغطاة بالإسفلت أو البلاط هنا أكثر من المعتاد.",
                                     "uk": "Тут більше землі вкрито асфальтом чи бруківкою, ніж зазвичай."},
    "plain_reason_groundwater_depth_low": {"de": "Das Grundwasser steht hier höher als üblich.",
                                           "en": "Groundwater stands higher here than usual.",
                                           "tr": "Yeraltı suyu burada çoğu yere göre daha yüksekte.",
                                           "ar": "المياه الجوفية هنا أعلى من المعتاد.",
                                           "uk": "Ґрунтові води тут вище, ніж зазвичай."},
    "plain_reason_groundwater_depth_high": {"de": "Das Grundwasser steht hier tiefer als üblich.",
                                            "en": "Groundwater stands deeper here than usual.",
                                            "tr": "Yeraltı suyu burada çoğu yere göre daha derinde.",
                                            "ar": "المياه الجوفية هنا أعمق من المعتاد.",
                                            "uk": "Ґрунтові води тут глибше, ніж зазвичай."},
    "plain_reason_event_precip_mm_low": {
        "de": "Dieser Regen ist schwächer als die meisten Regen, aus denen das Modell gelernt hat.",
        "en": "This rain is weaker than most rains the model learned from.",
        "tr": "Bu yağmur, modelin öğrendiği yağmurların çoğundan daha zayıf.",
        "ar": "هذا المطر أضعف من معظم الأمطار التي تعلّم منها النموذج.",
        "uk": "Ця злива слабша за більшість злив, на яких навчалася модель.",
    },
    "plain_reason_event_precip_mm_high": {
        "de": "Dieser Regen ist stärker als die meisten Regen, aus denen das Modell gelernt hat.",
        "en": "This rain is stronger than most rains the model learned from.",
        "tr": "Bu yağmur, modelin öğrendiği yağmurların çoğundan daha güçlü.",
        "ar": "هذا المطر أقوى من معظم الأمطار التي تعلّم منها النموذج.",
        "uk": "Ця злива сильніша за більшість злив, на яких навчалася модель.",
    },
    # --- the place card ----------------------------------------------------------------------------
    "plain_place_title": {"de": "Was bedeutet das für diese Stelle?", "en": "What does this mean for this place?",
                          "tr": "Bu, bu yer için ne anlama geliyor?", "ar": "ماذا يعني هذا لهذا المكان؟",
                          "uk": "Що це означає для цього місця?"},
    "plain_place_scenario": {"de": "Szenario: {scenario}", "en": "Scenario: {scenario}", "tr": "Senaryo: {scenario}",
                             "ar": "السيناريو: {scenario}", "uk": "Сценарій: {scenario}"},
    "plain_place_zone": {"de": "Zone an dieser Stelle", "en": "Zone at this place", "tr": "Bu yerdeki bölge",
                         "ar": "المنطقة في هذا المكان", "uk": "Зона в цьому місці"},
    "plain_place_water": {"de": "Wasser bei Starkregen", "en": "Water in heavy rain", "tr": "Şiddetli yağmurda su",
                          "ar": "الماء عند الأمطار الغزيرة", "uk": "Вода під час злив"},
    "plain_place_why": {"de": "Warum?", "en": "Why?", "tr": "Neden?", "ar": "لماذا؟", "uk": "Чому?"},
    "plain_place_others": {"de": "Was ändern andere Szenarien?", "en": "What do other scenarios change?",
                           "tr": "Diğer senaryolar neyi değiştirir?", "ar": "ماذا تغيّر السيناريوهات الأخرى؟",
                           "uk": "Що змінюють інші сценарії?"},
    "plain_place_outside": {
        "de": "Diese Stelle liegt außerhalb der Karte. Bitte wählen Sie eine Stelle im Gebiet.",
        "en": "This place is outside the map. Please choose a place inside the area.",
        "tr": "Bu yer haritanın dışında. Lütfen bölgenin içinde bir yer seçin.",
        "ar": "هذا المكان خارج الخريطة. يُرجى اختيار مكان داخل المنطقة.",
        "uk": "Це місце поза картою. Будь ласка, виберіть місце в межах території.",
    },
    "plain_place_nodata": {"de": "Für diese Stelle gibt es keine Daten.", "en": "There are no data for this place.",
                           "tr": "Bu yer için veri yok.", "ar": "لا توجد بيانات لهذا المكان.",
                           "uk": "Для цього місця немає даних."},
    "plain_place_screened": {
        "de": "Die Stelle liegt hoch über dem nächsten Bach oder Fluss. Der Boden ist kaum bedeckt. "
              "Darum rechnet die Karte hier nicht mit Wasser.",
        "en": "This place lies high above the nearest stream or river. The ground is hardly covered. "
              "That is why the map does not expect water here.",
        "tr": "Bu yer, en yakın dere veya nehirden epey yüksekte. Toprak neredeyse hiç kaplı değil. "
              "Bu yüzden harita burada su beklemiyor.",
        "ar": "هذا المكان أعلى بكثير من أقرب جدول أو نهر. والأرض تكاد لا تكون مغطاة. لذلك لا تتوقع "
              "الخريطة وصول الماء إلى هنا.",
        "uk": "Це місце лежить високо над найближчим струмком чи річкою. Земля майже не вкрита. "
              "Тому карта не очікує тут води.",
    },
    "plain_place_uncertain": {
        "de": "Vorsicht: Für solche Stellen kennt das Modell nur wenige Beispiele. Die Angabe ist hier unsicher.",
        "en": "Careful: the model knows only a few examples of places like this. The result is uncertain here.",
        "tr": "Dikkat: Model bu tür yerler için sadece birkaç örnek biliyor. Buradaki sonuç belirsiz.",
        "ar": "تنبيه: يعرف النموذج أمثلة قليلة فقط عن أماكن كهذه. لذلك النتيجة هنا غير مؤكدة.",
        "uk": "Обережно: модель знає лише кілька прикладів таких місць. Тут результат ненадійний.",
    },
    "plain_place_no_reasons": {"de": "Hier ist kein Grund besonders wichtig.",
                               "en": "No single reason stands out here.",
                               "tr": "Burada özellikle öne çıkan bir neden yok.",
                               "ar": "لا يوجد هنا سبب واحد بارز بشكل خاص.",
                               "uk": "Тут жодна причина особливо не виділяється."},
    "plain_place_raises": {"de": "Das macht Wasser hier wahrscheinlicher.", "en": "This makes water here more likely.",
                           "tr": "Bu, burada su birikmesini daha olası kılar.",
                           "ar": "هذا يجعل وصول الماء إلى هنا أكثر احتمالًا.",
                           "uk": "Через це вода тут імовірніша."},
    "plain_place_lowers": {"de": "Das macht Wasser hier unwahrscheinlicher.",
                           "en": "This makes water here less likely.",
                           "tr": "Bu, burada su birikmesini daha az olası kılar.",
                           "ar": "هذا يجعل وصول الماء إلى هنا أقل احتمالًا.",
                           "uk": "Через це вода тут менш імовірна."},
    "plain_place_other_stricter": {
        "de": "Im Szenario „{scenario}“ gilt hier eine strengere Zone: {zone}.",
        "en": "In the scenario “{scenario}”, a stricter zone applies here: {zone}.",
        "tr": "“{scenario}” senaryosunda burada daha sıkı bir bölge geçerli: {zone}.",
        "ar": "في سيناريو «{scenario}» تنطبق هنا منطقة أشد: {zone}.",
        "uk": "У сценарії «{scenario}» тут діє суворіша зона: {zone}.",
    },
    "plain_place_other_looser": {
        "de": "Im Szenario „{scenario}“ gilt hier eine mildere Zone: {zone}.",
        "en": "In the scenario “{scenario}”, a less strict zone applies here: {zone}.",
        "tr": "“{scenario}” senaryosunda burada daha esnek bir bölge geçerli: {zone}.",
        "ar": "في سيناريو «{scenario}» تنطبق هنا منطقة أخف: {zone}.",
        "uk": "У сценарії «{scenario}» тут діє м'якша зона: {zone}.",
    },
    "plain_place_other_same": {
        "de": "Im Szenario „{scenario}“ bleibt die Zone hier gleich: {zone}.",
        "en": "In the scenario “{scenario}”, the zone here stays the same: {zone}.",
        "tr": "“{scenario}” senaryosunda buradaki bölge aynı kalır: {zone}.",
        "ar": "في سيناريو «{scenario}» تبقى المنطقة هنا كما هي: {zone}.",
        "uk": "У сценарії «{scenario}» зона тут та сама: {zone}.",
    },
    "plain_place_other_nodata": {
        "de": "Im Szenario „{scenario}“ gibt es für diese Stelle keine Daten.",
        "en": "In the scenario “{scenario}”, there are no data for this place.",
        "tr": "“{scenario}” senaryosunda bu yer için veri yok.",
        "ar": "في سيناريو «{scenario}» لا توجد بيانات لهذا المكان.",
        "uk": "У сценарії «{scenario}» для цього місця немає даних.",
    },
    "plain_place_other_more": {
        "de": "Wasser wird hier wahrscheinlicher: etwa {after} statt {before} von 100.",
        "en": "Water becomes more likely here: about {after} instead of {before} in 100.",
        "tr": "Burada su daha olası hâle gelir: 100'de {before} yerine yaklaşık {after}.",
        "ar": "يصبح الماء هنا أكثر احتمالًا: نحو {after} بدل {before} من كل 100.",
        "uk": "Вода тут стає ймовірнішою: приблизно {after} замість {before} зі 100.",
    },
    "plain_place_other_less": {
        "de": "Wasser wird hier unwahrscheinlicher: etwa {after} statt {before} von 100.",
        "en": "Water becomes less likely here: about {after} instead of {before} in 100.",
        "tr": "Burada su daha az olası hâle gelir: 100'de {before} yerine yaklaşık {after}.",
        "ar": "يصبح الماء هنا أقل احتمالًا: نحو {after} بدل {before} من كل 100.",
        "uk": "Вода тут стає менш імовірною: приблизно {after} замість {before} зі 100.",
    },
    "plain_place_other_similar": {"de": "Die Gefahr durch Wasser bleibt hier etwa gleich.",
                                  "en": "The danger from water here stays about the same.",
                                  "tr": "Burada sudan kaynaklanan tehlike aşağı yukarı aynı kalır.",
                                  "ar": "يبقى خطر الماء هنا تقريبًا كما هو.",
                                  "uk": "Небезпека від води тут майже не змінюється."},
    # --- participation form (pages/mitwirken.py, pages/beteiligung.py) -----------------------------
    "part_title": {"de": "Mitwirken: Ihr Hinweis zur Karte", "en": "Take part: your note on the map",
                   "tr": "Katılın: Harita hakkında notunuz", "ar": "شارك: ملاحظتك على الخريطة",
                   "uk": "Долучайтеся: ваше зауваження до карти"},
    "part_intro": {
        "de": "Kennen Sie diese Gegend? Dann helfen Sie mit. Klicken Sie auf eine Stelle der Karte. Schreiben Sie "
              "kurz, was Sie dort erlebt haben oder was Sie zur Zone meinen. Das Planungsamt liest jeden Hinweis.",
        "en": "Do you know this area? Then help us. Click a place on the map. Write briefly what you have seen "
              "there or what you think about the zone. The planning office reads every note.",
        "tr": "Bu bölgeyi tanıyor musunuz? O zaman bize yardım edin. Haritada bir yere tıklayın. Orada ne "
              "yaşadığınızı veya bölge hakkında ne düşündüğünüzü kısaca yazın. Planlama dairesi her notu okur.",
        "ar": "هل تعرف هذه المنطقة؟ إذن ساعدنا. انقر على مكان في الخريطة. اكتب باختصار ما رأيته هناك أو "
              "رأيك في المنطقة المقترحة. يقرأ مكتب التخطيط كل ملاحظة.",
        "uk": "Ви знаєте цю місцевість? Тоді допоможіть нам. Натисніть на місце на карті. Коротко напишіть, що "
              "ви там бачили або що думаєте про зону. Відділ планування читає кожне зауваження.",
    },
    "part_privacy": {
        "de": "Datenschutz: Wir speichern keine IP-Adresse, keinen Namen und keine Kontaktdaten. Wir speichern nur "
              "die Stelle auf der Karte, die Art des Hinweises, Ihren Text, die Version des Szenarios und die Zeit. "
              "Andere sehen Ihren Hinweis erst, wenn das Planungsamt ihn freigegeben hat. Bitte schreiben Sie keine "
              "persönlichen Daten in den Text, etwa Namen oder Adressen.",
        "en": "Privacy: we do not store your IP address, your name or any contact details. We store only the place "
              "on the map, the kind of note, your text, the version of the scenario and the time. Others see your "
              "note only after the planning office has approved it. Please do not write personal data into the "
              "text, such as names or addresses.",
        "tr": "Gizlilik: IP adresinizi, adınızı ve iletişim bilgilerinizi kaydetmiyoruz. Sadece haritadaki yeri, "
              "notun türünü, metninizi, senaryonun sürümünü ve zamanı kaydediyoruz. Notunuzu başkaları ancak "
              "planlama dairesi onayladıktan sonra görür. Lütfen metne isim veya adres gibi kişisel bilgiler "
              "yazmayın.",
        "ar": "حماية البيانات: لا نحفظ عنوان IP الخاص بك ولا اسمك ولا بيانات الاتصال بك. نحفظ فقط المكان على "
              "الخريطة ونوع الملاحظة ونصك وإصدار السيناريو والوقت. لا يرى الآخرون ملاحظتك إلا بعد أن يوافق "
              "عليها مكتب التخطيط. يُرجى عدم كتابة بيانات شخصية في النص، مثل الأسماء أو العناوين.",
        "uk": "Захист даних: ми не зберігаємо вашу IP-адресу, ім'я чи контактні дані. Ми зберігаємо лише місце на "
              "карті, вид зауваження, ваш текст, версію сценарію та час. Інші побачать ваше зауваження лише після "
              "того, як його схвалить відділ планування. Будь ласка, не пишіть у тексті особисті дані, наприклад "
              "імена чи адреси.",
    },
    "part_category": {"de": "Art des Hinweises", "en": "Kind of note", "tr": "Notun türü", "ar": "نوع الملاحظة",
                      "uk": "Вид зауваження"},
    "part_cat_water_seen": {"de": "Hier stand schon Wasser", "en": "Water has stood here before",
                            "tr": "Burada daha önce su birikti", "ar": "تجمّع الماء هنا من قبل",
                            "uk": "Тут уже стояла вода"},
    "part_cat_objection": {"de": "Einwand gegen Zone", "en": "Objection to the zone", "tr": "Bölgeye itiraz",
                           "ar": "اعتراض على المنطقة", "uk": "Заперечення проти зони"},
    "part_cat_hint": {"de": "Hinweis", "en": "Note", "tr": "Bilgi", "ar": "ملاحظة", "uk": "Підказка"},
    "part_cat_question": {"de": "Frage", "en": "Question", "tr": "Soru", "ar": "سؤال", "uk": "Питання"},
    "part_text": {"de": "Ihr Text", "en": "Your text", "tr": "Metniniz", "ar": "نصك", "uk": "Ваш текст"},
    "part_text_help": {
        "de": "Bis zu {limit} Zeichen. Bitte schreiben Sie keine Namen, Adressen oder Telefonnummern.",
        "en": "At most {limit} characters. Please no names, addresses or phone numbers.",
        "tr": "En fazla {limit} karakter. Lütfen isim, adres veya telefon numarası yazmayın.",
        "ar": "الحد الأقصى لعدد الأحرف: {limit}. يُرجى عدم كتابة أسماء أو عناوين أو أرقام هواتف.",
        "uk": "Максимум знаків: {limit}. Будь ласка, без імен, адрес і номерів телефонів.",
    },
    "part_point": {"de": "Ort auf der Karte", "en": "Place on the map", "tr": "Haritadaki yer",
                   "ar": "المكان على الخريطة", "uk": "Місце на карті"},
    "part_point_help": {"de": "Klicken Sie auf die Karte. Oder geben Sie die Koordinaten ein.",
                        "en": "Click the map, or enter the coordinates.",
                        "tr": "Haritaya tıklayın veya koordinatları girin.",
                        "ar": "انقر على الخريطة أو أدخل الإحداثيات.",
                        "uk": "Натисніть на карту або введіть координати."},
    "part_pick_first": {"de": "Bitte klicken Sie zuerst auf eine Stelle der Karte.",
                        "en": "Please click a place on the map first.",
                        "tr": "Lütfen önce haritada bir yere tıklayın.",
                        "ar": "يُرجى النقر أولًا على مكان في الخريطة.",
                        "uk": "Будь ласка, спершу натисніть на місце на карті."},
    "part_submit": {"de": "Hinweis senden", "en": "Send note", "tr": "Notu gönder", "ar": "إرسال الملاحظة",
                    "uk": "Надіслати зауваження"},
    "part_thanks": {
        "de": "Danke für Ihren Hinweis! Andere sehen ihn, sobald das Planungsamt ihn geprüft hat.",
        "en": "Thank you for your note! Others will see it once the planning office has checked it.",
        "tr": "Notunuz için teşekkürler! Planlama dairesi kontrol ettikten sonra başkaları da görebilecek.",
        "ar": "شكرًا لملاحظتك! سيراها الآخرون بعد أن يراجعها مكتب التخطيط.",
        "uk": "Дякуємо за ваше зауваження! Інші побачать його, щойно відділ планування його перевірить.",
    },
    "part_refused": {"de": "Ihr Hinweis wurde nicht gespeichert: {reason}", "en": "Your note was not saved: {reason}",
                     "tr": "Notunuz kaydedilmedi: {reason}", "ar": "لم تُحفظ ملاحظتك: {reason}",
                     "uk": "Ваше зауваження не збережено: {reason}"},
    "part_limit_text": {"de": "Der Text ist zu lang. Erlaubt sind höchstens {limit} Zeichen.",
                        "en": "The text is too long. At most {limit} characters are allowed.",
                        "tr": "Metin çok uzun. En fazla {limit} karakter yazabilirsiniz.",
                        "ar": "النص طويل جدًا. الحد الأقصى لعدد الأحرف: {limit}.",
                        "uk": "Текст задовгий. Максимум знаків: {limit}."},
    "part_limit_session": {"de": "Sie haben schon viele Hinweise geschickt. Bitte versuchen Sie es später noch einmal.",
                           "en": "You have already sent many notes. Please try again later.",
                           "tr": "Çok sayıda not gönderdiniz. Lütfen daha sonra tekrar deneyin.",
                           "ar": "لقد أرسلت ملاحظات كثيرة. يُرجى المحاولة مرة أخرى لاحقًا.",
                           "uk": "Ви вже надіслали багато зауважень. Будь ласка, спробуйте пізніше."},
    "part_limit_global": {
        "de": "Gerade kommen sehr viele Hinweise an. Bitte versuchen Sie es in einer Minute noch einmal.",
        "en": "Very many notes are arriving right now. Please try again in a minute.",
        "tr": "Şu anda çok fazla not geliyor. Lütfen bir dakika sonra tekrar deneyin.",
        "ar": "تصل الآن ملاحظات كثيرة جدًا. يُرجى المحاولة مرة أخرى بعد دقيقة.",
        "uk": "Зараз надходить дуже багато зауважень. Будь ласка, спробуйте за хвилину.",
    },
    "part_limit_total": {"de": "Die Beteiligung ist voll oder beendet. Neue Hinweise sind nicht mehr möglich.",
                         "en": "The participation is full or closed. New notes are no longer possible.",
                         "tr": "Katılım doldu veya sona erdi. Artık yeni not gönderilemez.",
                         "ar": "المشاركة ممتلئة أو انتهت. لم يعد إرسال ملاحظات جديدة ممكنًا.",
                         "uk": "Участь заповнена або завершена. Нові зауваження більше не приймаються."},
    "part_limit_empty": {"de": "Der Text ist leer. Bitte schreiben Sie Ihren Hinweis.",
                         "en": "The text is empty. Please write your note.",
                         "tr": "Metin boş. Lütfen notunuzu yazın.",
                         "ar": "النص فارغ. يُرجى كتابة ملاحظتك.",
                         "uk": "Текст порожній. Будь ласка, напишіть ваше зауваження."},
    "part_limit_nul": {
        "de": "Der Text enthält ein Zeichen, das wir nicht speichern können. Bitte entfernen Sie es.",
        "en": "The text contains a character that we cannot store. Please remove it.",
        "tr": "Metin, kaydedemediğimiz bir karakter içeriyor. Lütfen onu silin.",
        "ar": "يحتوي النص على حرف لا يمكننا حفظه. يُرجى حذفه.",
        "uk": "Текст містить символ, який ми не можемо зберегти. Будь ласка, видаліть його.",
    },
    "part_closed": {"de": "Im Moment ist hier keine Beteiligung offen.",
                    "en": "No participation is open on this site right now.",
                    "tr": "Bu sitede şu anda açık bir katılım yok.",
                    "ar": "لا توجد مشاركة مفتوحة على هذا الموقع حاليًا.",
                    "uk": "На цьому сайті зараз немає відкритої участі."},
    "part_approved_title": {"de": "Freigegebene Hinweise", "en": "Approved notes", "tr": "Onaylanmış notlar",
                            "ar": "الملاحظات الموافق عليها", "uk": "Схвалені зауваження"},
    "part_none_yet": {"de": "Bisher ist noch kein Hinweis freigegeben.", "en": "There are no approved notes yet.",
                      "tr": "Henüz onaylanmış not yok.", "ar": "لا توجد ملاحظات موافق عليها بعد.",
                      "uk": "Схвалених зауважень ще немає."},
    "part_scenario_version": {"de": "Zum Szenario: {ref}", "en": "On the scenario: {ref}", "tr": "Senaryo: {ref}",
                              "ar": "السيناريو: {ref}", "uk": "Сценарій: {ref}"},
    "part_zone_at_point": {"de": "Zone an dieser Stelle: {zone}", "en": "Zone at this place: {zone}",
                           "tr": "Bu yerdeki bölge: {zone}", "ar": "المنطقة في هذا المكان: {zone}",
                           "uk": "Зона в цьому місці: {zone}"},
}
