"""Demo data of the training app (pure data, no Django imports): the International
Advanced Training Course on Clinical Practice and Research Progress of TCM, its six
editions, their timetables, application forms, experts and the countries the participants
come from. ``huitong.training.demo`` builds it through the services.

What is real: the programme, its organiser (the Institute of Basic Research in Clinical
Medicine of the China Academy of Chinese Medical Sciences), five editions in Beijing from
2017 and the 6th in Belgrade, 6 to 18 December 2025, with nearly 200 physicians,
professors and researchers from 25 countries (Serbia, Slovakia, Poland and others), expert
lectures and practical workshops; the partner institutions, which are real institutions of
``huitong.alliance.demo_data``; the founding of the Eurasian Society of Integrative
Medicine at the Belgrade edition. What is illustrative: the Beijing editions' dates, the
rooms, the timetables and their speakers, and every person (the names are generated or
invented, common names of each country); the session topics are real subjects of TCM
clinical practice and research.
"""

from __future__ import annotations

from typing import NamedTuple, TypedDict


class Text(NamedTuple):
    """A text in English and Chinese (and Serbian, Latin script, where given)."""

    en: str
    zh: str
    sr: str = ""


# --- The programme ---------------------------------------------------------------------

PROGRAMME_SLUG = "tcm-clinical-practice-research"
PROGRAMME_TITLE = Text(
    "International Advanced Training Course on Clinical Practice and Research Progress of TCM",
    "中医药临床实践与研究进展国际高级培训班",
    "Međunarodni napredni kurs o kliničkoj praksi i napretku istraživanja u tradicionalnoj "
    "kineskoj medicini",
)
PROGRAMME_DESCRIPTION = Text(
    "Since 2017 the Institute of Basic Research in Clinical Medicine of the China Academy of "
    "Chinese Medical Sciences (CACMS) has trained physicians, professors and researchers "
    "from abroad in how traditional Chinese medicine (TCM) is practised in Chinese hospitals "
    "today and how its effects are studied: expert lectures in the morning, practical "
    "workshops and clinical practice in the afternoon, case discussions in the evening.\n\n"
    "Five editions were held in Beijing. The 6th was held in Belgrade, Serbia, from 6 to 18 "
    "December 2025 with the University of Belgrade and the Serbian Society of Integrative "
    "Medicine: nearly 200 participants from 25 countries.\n\n"
    "Participants who attend at least 80 % of the required sessions receive a certificate "
    "of attendance with the CME/CPD hours of the sessions they attended.",
    "自2017年起，中国中医科学院中医临床基础医学研究所面向海外医生、教授和研究人员举办培训，"
    "介绍中医药在中国医院的临床实践现状及其疗效研究方法：上午为专家讲座，下午为实践工作坊和"
    "临床实践，晚间为病例讨论。\n\n"
    "前五届培训班在北京举办。第六届于2025年12月6日至18日在塞尔维亚贝尔格莱德举办，"
    "合作单位为贝尔格莱德大学和塞尔维亚结合医学会，来自25个国家的近200名学员参加。\n\n"
    "出勤率达到必修课程80%的学员可获得结业证书，并按实际参加的课程计算继续医学教育学时。",
    "Od 2017. godine Institut za osnovna istraživanja u kliničkoj medicini Kineske akademije "
    "nauka tradicionalne kineske medicine (CACMS) obučava lekare, profesore i istraživače iz "
    "inostranstva o tome kako se tradicionalna kineska medicina danas primenjuje u kineskim "
    "bolnicama i kako se istražuju njeni efekti.\n\n"
    "Pet kurseva održano je u Pekingu. Šesti je održan u Beogradu, od 6. do 18. decembra "
    "2025, sa Univerzitetom u Beogradu i Srpskim udruženjem za integrativnu medicinu: skoro "
    "200 učesnika iz 25 zemalja.",
)
# Institution keys of huitong.alliance.demo_data.
ORGANISER = "cacms"
ORGANISING = ["cacms", "ibrcm"]
ALLIANCE = "tcm-training"

BEIJING_VENUE = Text(
    "Institute of Basic Research in Clinical Medicine, CACMS, 16 Nanxiaojie, Dongzhimennei, "
    "Dongcheng District",
    "中国中医科学院中医临床基础医学研究所（北京市东城区东直门内南小街16号）",
)
BELGRADE_VENUE = Text(
    "Faculty of Medicine, University of Belgrade, Dr Subotića 8",
    "贝尔格莱德大学医学院（Dr Subotića 8）",
    "Medicinski fakultet Univerziteta u Beogradu, Dr Subotića 8",
)


class EditionSpec(TypedDict):
    number: int
    starts_on: str
    ends_on: str
    city: str
    country: str
    time_zone: str
    languages: list[str]
    capacity: int
    partners: list[str]  # institution keys
    description: Text
    # Participants by country (the 6th's are in COUNTRIES).
    countries: dict[str, int]
    rejected: dict[str, int]


def _counts(text: str) -> dict[str, int]:
    """``"RS 4 PL 3"`` → ``{"RS": 4, "PL": 3}``."""
    words = text.split()
    return {code: int(count) for code, count in zip(words[::2], words[1::2], strict=True)}


ORDINALS = {
    1: ("1st", "第一届", "1."),
    2: ("2nd", "第二届", "2."),
    3: ("3rd", "第三届", "3."),
    4: ("4th", "第四届", "4."),
    5: ("5th", "第五届", "5."),
    6: ("6th", "第六届", "6."),
}

EDITIONS: list[EditionSpec] = [
    {
        "number": 1,
        "starts_on": "2017-09-11",
        "ends_on": "2017-09-22",
        "city": "Beijing",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "languages": ["en", "zh-hans"],
        "capacity": 30,
        "partners": ["gamh"],
        "description": Text(
            "The first edition: two weeks in Beijing at the Institute of Basic Research in "
            "Clinical Medicine, with clinical practice in the acupuncture department of "
            "Guang'anmen Hospital.",
            "首届培训班：在北京中医临床基础医学研究所为期两周，并在广安门医院针灸科进行临床见习。",
        ),
        "countries": _counts("RS 4 PL 3 SK 2 RU 3 DE 2 IT 2 HU 2 GB 1 BG 1 KZ 2 MN 1 VN 1"),
        "rejected": {"RU": 1},
    },
    {
        "number": 2,
        "starts_on": "2018-09-10",
        "ends_on": "2018-09-21",
        "city": "Beijing",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "languages": ["en", "zh-hans"],
        "capacity": 30,
        "partners": ["gamh", "xiyuan", "uj"],
        "description": Text(
            "The second edition added research methods: how acupuncture and herbal medicine "
            "trials are designed, and how their results are read.",
            "第二届培训班增加了研究方法内容：针刺和中药临床试验如何设计、如何解读其结果。",
        ),
        "countries": _counts("RS 5 PL 3 SK 3 RU 3 BR 2 DE 2 IT 2 HU 2 CZ 2 GR 1 MN 1 VN 1"),
        "rejected": {"PL": 1, "RS": 1},
    },
    {
        "number": 3,
        "starts_on": "2019-10-14",
        "ends_on": "2019-10-25",
        "city": "Beijing",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "languages": ["en", "zh-hans"],
        "capacity": 40,
        "partners": ["gamh", "xiyuan", "uj", "ucla", "soton"],
        "description": Text(
            "The third edition, the last before the pandemic: neurology and rehabilitation, "
            "herb–drug interactions, and exercise therapies such as Baduanjin.",
            "第三届培训班（疫情前最后一届）：神经病学与康复、中西药相互作用以及八段锦等运动疗法。",
        ),
        "countries": _counts(
            "RS 6 PL 4 SK 4 RU 3 BR 2 DE 2 IT 2 HU 2 CZ 2 GR 2 BG 2 RO 1 KZ 1 MN 1"
        ),
        "rejected": {"RS": 1, "SK": 1},
    },
    {
        "number": 4,
        "starts_on": "2023-09-04",
        "ends_on": "2023-09-15",
        "city": "Beijing",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "languages": ["en", "zh-hans"],
        "capacity": 35,
        "partners": ["gamh", "xiyuan", "uj", "hkbu", "ssim"],
        "description": Text(
            "The first edition after the pandemic: what the COVID-19 trials of TCM showed, "
            "long COVID, and integrative oncology.",
            "疫情后首届培训班：新冠肺炎中医药临床试验的发现、新冠后遗症以及中西医结合肿瘤学。",
        ),
        "countries": _counts(
            "RS 6 PL 4 SK 3 HU 2 CZ 2 RU 2 DE 2 IT 2 AT 1 GB 1 BR 1 TR 1 UZ 2 KZ 1 ME 1 BA 1"
        ),
        "rejected": {"RS": 1},
    },
    {
        "number": 5,
        "starts_on": "2024-09-09",
        "ends_on": "2024-09-20",
        "city": "Beijing",
        "country": "CN",
        "time_zone": "Asia/Shanghai",
        "languages": ["en", "zh-hans"],
        "capacity": 45,
        "partners": ["gamh", "xiyuan", "uj", "hkbu", "ssim", "bg-univ", "szu"],
        "description": Text(
            "The fifth edition prepared the first edition abroad: real-world evidence, "
            "clinical registries and the standard terminologies of TCM.",
            "第五届培训班为首次海外办班做准备：真实世界证据、临床登记研究和中医药标准术语。",
        ),
        "countries": _counts(
            "RS 8 PL 5 SK 5 HU 3 CZ 2 RU 2 BY 1 DE 2 IT 2 AT 1 GB 1 BR 2 TR 1 UZ 1 KZ 1 MN 1 "
            "MK 1 BG 1 SI 1"
        ),
        "rejected": {"SK": 1, "RS": 1},
    },
    {
        "number": 6,
        "starts_on": "2025-12-06",
        "ends_on": "2025-12-18",
        "city": "Belgrade",
        "country": "RS",
        "time_zone": "Europe/Belgrade",
        "languages": ["en", "zh-hans", "sr-latn"],
        "capacity": 200,
        "partners": ["bg-univ", "ssim", "uns", "esim", "uj", "szu", "hkbu"],
        "description": Text(
            "The first edition abroad: thirteen days at the Faculty of Medicine of the "
            "University of Belgrade, with the Serbian Society of Integrative Medicine. Four "
            "plenary lectures every morning (required for the certificate); in the afternoon "
            "the participants rotate in four groups through acupuncture, tuina, herbal "
            "medicine and clinical practice at the University Clinical Centre of Serbia; "
            "case discussions and a journal club in the evening. The Eurasian Society of "
            "Integrative Medicine was founded during the course.",
            "首次在海外举办：在贝尔格莱德大学医学院为期十三天，与塞尔维亚结合医学会合作。"
            "每天上午四场全体讲座（结业证书必修）；下午学员分四组轮流参加针灸、推拿、中药工作坊"
            "以及在塞尔维亚大学临床中心的临床实践；晚间进行病例讨论和文献研读。"
            "培训期间欧亚结合医学会宣告成立。",
            "Prvi kurs u inostranstvu: trinaest dana na Medicinskom fakultetu Univerziteta u "
            "Beogradu, sa Srpskim udruženjem za integrativnu medicinu. Svakog jutra četiri "
            "plenarna predavanja (obavezna za sertifikat); popodne učesnici u četiri grupe "
            "rotiraju kroz akupunkturu, tuinu, biljnu medicinu i kliničku praksu u "
            "Univerzitetskom kliničkom centru Srbije.",
        ),
        "countries": {},
        "rejected": {},
    },
]

# The 6th edition's application window and review rounds (Belgrade time).
SIXTH_TIMELINE = {
    "created": "2025-05-12T10:00",
    "published": "2025-06-02T09:00",
    "deadline": "2025-10-15T23:59",
    "invitations": "2025-09-05T11:00",
    "timetable": "2025-10-27T10:00",
    "timetable_published": "2025-11-03T12:00",
    "withdrawal": "2025-11-18T16:20",
    "offer_confirmed": "2025-11-20T08:45",
    "certificates": "2025-12-19T11:00",
}
SIXTH_REVIEWS = ["2025-07-15T09:00", "2025-09-01T09:00", "2025-10-20T09:00"]


# --- Application forms ----------------------------------------------------------------


class Choice(NamedTuple):
    key: str
    label: Text


SPECIALTIES = [
    Choice("pain", Text("Pain medicine and anaesthesiology", "疼痛医学与麻醉学",
                        "Medicina bola i anesteziologija")),
    Choice("rehab", Text("Physical medicine and rehabilitation", "康复医学",
                         "Fizikalna medicina i rehabilitacija")),
    Choice("internal", Text("Internal medicine", "内科学", "Interna medicina")),
    Choice("oncology", Text("Oncology", "肿瘤学", "Onkologija")),
    Choice("neuro", Text("Neurology", "神经病学", "Neurologija")),
    Choice("gp", Text("General practice and family medicine", "全科医学",
                      "Opšta praksa i porodična medicina")),
    Choice("gyn", Text("Gynaecology and obstetrics", "妇产科学", "Ginekologija i akušerstvo")),
    Choice("pharm", Text("Pharmacology and pharmacy", "药理学与药学",
                         "Farmakologija i farmacija")),
    Choice("research", Text("Biomedical research", "生物医学研究", "Biomedicinska istraživanja")),
    Choice("other", Text("Other", "其他", "Drugo")),
]  # fmt: skip
# How often each specialty is chosen (same order).
SPECIALTY_WEIGHTS = [16, 18, 12, 9, 9, 14, 6, 6, 7, 3]


class FieldSpec(NamedTuple):
    key: str
    kind: str  # a FieldKind value
    label: Text
    help_text: Text
    required: bool


FORM_FIELDS = [
    FieldSpec(
        "cv",
        "file",
        Text("Curriculum vitae", "个人简历", "Biografija (CV)"),
        Text("PDF or Word, at most 10 MB.", "PDF 或 Word 文件，不超过 10 MB。",
             "PDF ili Word, najviše 10 MB."),
        True,
    ),
    FieldSpec(
        "workplace",
        "text",
        Text("Where do you work?", "工作单位", "Gde radite?"),
        Text("Hospital, clinic or university.", "医院、诊所或大学。",
             "Bolnica, klinika ili univerzitet."),
        True,
    ),
    FieldSpec(
        "specialty",
        "choice",
        Text("Your specialty", "专业领域", "Vaša specijalnost"),
        Text("", "", ""),
        True,
    ),
    FieldSpec(
        "years",
        "number",
        Text("Years of clinical practice", "临床工作年限", "Godine kliničke prakse"),
        Text("0 if you do not see patients.", "如不从事临床工作请填 0。",
             "0 ako ne radite sa pacijentima."),
        True,
    ),
    FieldSpec(
        "motivation",
        "long_text",
        Text("Why do you want to take part?", "参加培训的动机", "Zašto želite da učestvujete?"),
        Text(
            "A few sentences: your work, what you hope to learn and how you will use it.",
            "请简述您的工作、希望学到的内容以及今后如何应用。",
            "Nekoliko rečenica: vaš posao, šta želite da naučite i kako ćete to primeniti.",
        ),
        True,
    ),
    FieldSpec(
        "arrival",
        "date",
        Text("Planned arrival date", "计划抵达日期", "Planirani datum dolaska"),
        Text("", "", ""),
        False,
    ),
]  # fmt: skip
# The Beijing editions asked fewer questions.
PAST_FORM_FIELDS = ["specialty", "years", "motivation"]


# --- Motivation letters ----------------------------------------------------------------

PROFESSION_WORDS = {"physician": "physician", "educator": "university teacher",
                    "researcher": "researcher"}  # fmt: skip
MOTIVATION_OPENINGS = [
    "I am a {profession} at {workplace}, working in {specialty} for {years} years.",
    "I have worked as a {profession} in {specialty} for {years} years, at {workplace}.",
    "As a {profession} at {workplace} ({specialty}, {years} years), I see more and more "
    "patients who ask about traditional Chinese medicine.",
    "I work at {workplace} as a {profession}; my field is {specialty}.",
]
MOTIVATION_INTERESTS = {
    "pain": "Many of my patients live with chronic pain, and I want to learn how acupuncture "
    "can be used safely alongside the treatment they already receive.",
    "rehab": "In rehabilitation we look for methods that help patients after stroke and with "
    "back pain; I would like to learn acupuncture and tuina from experienced clinicians.",
    "internal": "I want to understand pattern differentiation well enough to discuss herbal "
    "treatment with my patients, and to recognise herb–drug interactions.",
    "oncology": "Our patients ask about TCM during chemotherapy; I want to know which "
    "integrative treatments have evidence for nausea, fatigue and neuropathy.",
    "neuro": "I am interested in the evidence for acupuncture in migraine, stroke "
    "rehabilitation and insomnia.",
    "gp": "In family medicine I see chronic pain, insomnia and digestive complaints every day; "
    "I want practical skills I can use in a short consultation.",
    "gyn": "I would like to learn how TCM is used for dysmenorrhoea and menopausal symptoms, "
    "and what the trials say about acupuncture in IVF.",
    "pharm": "My work is on the safety of medicines; I want to learn how the quality of herbal "
    "products is controlled and how adverse reactions are reported in China.",
    "research": "I design clinical studies, and I want to learn how acupuncture trials choose "
    "their controls and outcomes.",
    "other": "I want a solid introduction to TCM diagnosis and treatment from clinicians who "
    "practise it every day.",
}
MOTIVATION_CLOSINGS = [
    "After the course I plan to start a small acupuncture service in my department and to "
    "collect outcome data with colleagues.",
    "I hope to bring back practical skills and to join a research collaboration of the network.",
    "I would like to write a joint study protocol with colleagues I meet at the course.",
    "I will share what I learn with the residents I teach.",
    "I want to be able to answer my patients' questions about TCM with evidence.",
]


# --- People ----------------------------------------------------------------------------
#
# Name lists are written compactly: names separated by spaces, "Latin:Native" where the
# country writes names in another script, "_" for a space inside a name, and
# "Male/Female" for surnames that change with gender.


class CountrySpec(TypedDict):
    code: str
    participants: int  # accepted participants of the 6th edition
    extras: int  # applicants of the 6th who end up not taking part
    language: str
    time_zone: str
    institutions: list[str]  # institution keys for affiliations
    hospitals: list[str]
    male: str
    female: str
    surnames: str
    family_first: bool


COUNTRIES: list[CountrySpec] = [
    {
        "code": "RS", "participants": 61, "extras": 6, "language": "sr-latn",
        "time_zone": "Europe/Belgrade", "institutions": ["bg-univ", "uns"],
        "hospitals": ["University Clinical Centre of Serbia, Belgrade",
                      "Clinical Centre of Vojvodina, Novi Sad", "University Clinical Centre Niš",
                      "Institute for Oncology and Radiology of Serbia, Belgrade",
                      "Health Centre Zvezdara, Belgrade",
                      "Special Hospital for Rehabilitation, Banja Koviljača"],
        "male": "Marko:Марко Nikola:Никола Stefan:Стефан Milan:Милан Dragan:Драган "
                "Nenad:Ненад Zoran:Зоран Aleksandar:Александар Vladimir:Владимир Dušan:Душан "
                "Miloš:Милош Bojan:Бојан Goran:Горан Ivan:Иван Predrag:Предраг",
        "female": "Milica:Милица Jelena:Јелена Ana:Ана Marija:Марија Ivana:Ивана "
                  "Jovana:Јована Dragana:Драгана Snežana:Снежана Tamara:Тамара Maja:Маја "
                  "Sanja:Сања Biljana:Биљана Katarina:Катарина Nataša:Наташа Vesna:Весна",
        "surnames": "Petrović:Петровић Jovanović:Јовановић Nikolić:Николић "
                    "Marković:Марковић Đorđević:Ђорђевић Stojanović:Стојановић Ilić:Илић "
                    "Stanković:Станковић Pavlović:Павловић Milošević:Милошевић "
                    "Popović:Поповић Živković:Живковић Todorović:Тодоровић Kostić:Костић "
                    "Ristić:Ристић Lazarević:Лазаревић Mitrović:Митровић Simić:Симић "
                    "Vasić:Васић Radosavljević:Радосављевић",
        "family_first": False,
    },
    {
        "code": "SK", "participants": 16, "extras": 3, "language": "en",
        "time_zone": "Europe/Bratislava", "institutions": ["uniba", "szu"],
        "hospitals": ["University Hospital Bratislava", "Louis Pasteur University Hospital, Košice",
                      "University Hospital Martin", "Faculty Hospital Nitra"],
        "male": "Martin Peter Tomáš Michal Ján Juraj Lukáš Marek Jozef Pavol",
        "female": "Zuzana Katarína Jana Lucia Mária Eva Monika Veronika Martina Ivana",
        "surnames": "Horváth/Horváthová Kováč/Kováčová Varga/Vargová Tóth/Tóthová "
                    "Nagy/Nagyová Baláž/Balážová Szabó/Szabóová Molnár/Molnárová "
                    "Lukáč/Lukáčová Kráľ/Kráľová Novák/Nováková Hudák/Hudáková",
        "family_first": False,
    },
    {
        "code": "PL", "participants": 14, "extras": 3, "language": "pl",
        "time_zone": "Europe/Warsaw", "institutions": ["uj", "wum"],
        "hospitals": ["University Hospital in Kraków", "Central Clinical Hospital, Warsaw",
                      "University Clinical Centre, Gdańsk", "Wrocław Medical University Hospital"],
        "male": "Piotr Tomasz Paweł Krzysztof Michał Marcin Jakub Andrzej Łukasz Adam",
        "female": "Katarzyna Magdalena Agnieszka Joanna Małgorzata Ewa Monika Aleksandra "
                  "Karolina Barbara",
        "surnames": "Kowalski/Kowalska Wiśniewski/Wiśniewska Wójcik Kowalczyk "
                    "Kamiński/Kamińska Lewandowski/Lewandowska Zieliński/Zielińska "
                    "Szymański/Szymańska Woźniak Dąbrowski/Dąbrowska Mazur Krawczyk",
        "family_first": False,
    },
    {
        "code": "HU", "participants": 8, "extras": 1, "language": "en",
        "time_zone": "Europe/Budapest", "institutions": ["semmelweis", "pte"],
        "hospitals": ["Semmelweis University Clinics, Budapest",
                      "University of Debrecen Clinical Centre", "University of Szeged Clinics"],
        "male": "Péter László Zoltán Gábor Attila Balázs András",
        "female": "Katalin Eszter Zsófia Anna Judit Réka Krisztina",
        "surnames": "Nagy Kovács Tóth Szabó Horváth Varga Kiss Molnár Németh Farkas",
        "family_first": False,
    },
    {
        "code": "CZ", "participants": 7, "extras": 0, "language": "en",
        "time_zone": "Europe/Prague", "institutions": ["cuni", "upol"],
        "hospitals": ["General University Hospital in Prague", "University Hospital Olomouc",
                      "University Hospital Brno"],
        "male": "Jan Tomáš Martin Petr Jakub Lukáš Ondřej",
        "female": "Tereza Lucie Kateřina Veronika Markéta Jana Petra",
        "surnames": "Novák/Nováková Svoboda/Svobodová Novotný/Novotná Dvořák/Dvořáková "
                    "Černý/Černá Procházka/Procházková Kučera/Kučerová Veselý/Veselá",
        "family_first": False,
    },
    {
        "code": "BA", "participants": 8, "extras": 0, "language": "en",
        "time_zone": "Europe/Sarajevo", "institutions": [],
        "hospitals": ["Clinical Centre of the University of Sarajevo",
                      "University Clinical Centre Tuzla",
                      "University Clinical Centre of the Republic of Srpska, Banja Luka"],
        "male": "Amir Emir Haris Adnan Mirza Nemanja Igor Dario",
        "female": "Amra Lejla Selma Ajla Maja Jelena Ivana Dijana",
        "surnames": "Hodžić Hadžić Begović Delić Mehmedović Kovačević Babić Jurić Tadić",
        "family_first": False,
    },
    {
        "code": "ME", "participants": 5, "extras": 0, "language": "en",
        "time_zone": "Europe/Podgorica", "institutions": [],
        "hospitals": ["Clinical Centre of Montenegro, Podgorica", "General Hospital Kotor"],
        "male": "Marko Nikola Luka Vuk Danilo Petar",
        "female": "Jelena Milena Ana Tijana Sara Ivana",
        "surnames": "Vujović Radulović Perović Knežević Vuković Lakić Mijušković Šćekić",
        "family_first": False,
    },
    {
        "code": "MK", "participants": 6, "extras": 0, "language": "en",
        "time_zone": "Europe/Skopje", "institutions": [],
        "hospitals": ["University Clinic of Neurology, Skopje",
                      "City General Hospital 8th September, Skopje", "Clinical Hospital Bitola"],
        "male": "Aleksandar:Александар Nikola:Никола Goran:Горан Darko:Дарко Filip:Филип "
                "Igor:Игор",
        "female": "Elena:Елена Marija:Марија Ana:Ана Biljana:Билјана Ivana:Ивана "
                  "Katerina:Катерина",
        "surnames": "Stojanovski:Стојановски/Stojanovska:Стојановска "
                    "Nikolovski:Николовски/Nikolovska:Николовска "
                    "Trajkovski:Трајковски/Trajkovska:Трајковска "
                    "Petrovski:Петровски/Petrovska:Петровска "
                    "Georgievski:Георгиевски/Georgievska:Георгиевска",
        "family_first": False,
    },
    {
        "code": "HR", "participants": 5, "extras": 0, "language": "en",
        "time_zone": "Europe/Zagreb", "institutions": [],
        "hospitals": ["University Hospital Centre Zagreb", "Clinical Hospital Centre Rijeka",
                      "University Hospital of Split"],
        "male": "Ivan Luka Marko Josip Tomislav Ante",
        "female": "Ana Ivana Petra Marija Lucija Maja",
        "surnames": "Horvat Kovačević Babić Marić Jurić Novak Knežević Vuković",
        "family_first": False,
    },
    {
        "code": "SI", "participants": 4, "extras": 0, "language": "en",
        "time_zone": "Europe/Ljubljana", "institutions": [],
        "hospitals": ["University Medical Centre Ljubljana", "University Medical Centre Maribor"],
        "male": "Luka Jan Matej Žiga Rok Gregor",
        "female": "Nina Eva Maja Špela Tjaša Urška",
        "surnames": "Novak Horvat Kovačič Krajnc Zupančič Potočnik Kovač Mlakar",
        "family_first": False,
    },
    {
        "code": "BG", "participants": 6, "extras": 0, "language": "en",
        "time_zone": "Europe/Sofia", "institutions": [],
        "hospitals": ["Alexandrovska University Hospital, Sofia",
                      "St George University Hospital, Plovdiv",
                      "St Marina University Hospital, Varna"],
        "male": "Georgi:Георги Ivan:Иван Dimitar:Димитър Nikolay:Николай Petar:Петър "
                "Hristo:Христо",
        "female": "Maria:Мария Elena:Елена Desislava:Десислава Gergana:Гергана "
                  "Tsvetelina:Цветелина Radostina:Радостина",
        "surnames": "Ivanov:Иванов/Ivanova:Иванова Georgiev:Георгиев/Georgieva:Георгиева "
                    "Dimitrov:Димитров/Dimitrova:Димитрова Petrov:Петров/Petrova:Петрова "
                    "Nikolov:Николов/Nikolova:Николова Stoyanov:Стоянов/Stoyanova:Стоянова",
        "family_first": False,
    },
    {
        "code": "RO", "participants": 6, "extras": 0, "language": "en",
        "time_zone": "Europe/Bucharest", "institutions": [],
        "hospitals": ["Colentina Clinical Hospital, Bucharest",
                      "Cluj County Emergency Clinical Hospital",
                      "Clinical Rehabilitation Hospital, Iași"],
        "male": "Andrei Mihai Alexandru Ion Cristian Bogdan",
        "female": "Ioana Elena Maria Andreea Cristina Raluca",
        "surnames": "Popescu Ionescu Popa Stan Dumitru Constantin Munteanu Stoica",
        "family_first": False,
    },
    {
        "code": "GR", "participants": 5, "extras": 0, "language": "en",
        "time_zone": "Europe/Athens", "institutions": [],
        "hospitals": ["Attikon University General Hospital, Athens",
                      "AHEPA University Hospital, Thessaloniki"],
        "male": "Georgios:Γεώργιος Dimitrios:Δημήτριος Konstantinos:Κωνσταντίνος "
                "Nikolaos:Νικόλαος Ioannis:Ιωάννης",
        "female": "Maria:Μαρία Eleni:Ελένη Katerina:Κατερίνα Sofia:Σοφία Anna:Άννα",
        "surnames": "Papadopoulos:Παπαδόπουλος/Papadopoulou:Παπαδοπούλου "
                    "Georgiou:Γεωργίου Nikolaidis:Νικολαΐδης/Nikolaidou:Νικολαΐδου "
                    "Papadakis:Παπαδάκης/Papadaki:Παπαδάκη Vlachos:Βλάχος/Vlachou:Βλάχου "
                    "Karagiannis:Καραγιάννης/Karagianni:Καραγιάννη",
        "family_first": False,
    },
    {
        "code": "RU", "participants": 7, "extras": 1, "language": "en",
        "time_zone": "Europe/Moscow", "institutions": ["sechenov", "pavlov-spb"],
        "hospitals": ["Sechenov University Clinical Hospital, Moscow",
                      "Pavlov University Clinic, Saint Petersburg",
                      "Kazan State Medical University Clinic"],
        "male": "Aleksei:Алексей Dmitry:Дмитрий Sergei:Сергей Andrei:Андрей Mikhail:Михаил "
                "Ivan:Иван",
        "female": "Olga:Ольга Elena:Елена Natalia:Наталья Tatiana:Татьяна Anna:Анна "
                  "Irina:Ирина",
        "surnames": "Ivanov:Иванов/Ivanova:Иванова Smirnov:Смирнов/Smirnova:Смирнова "
                    "Kuznetsov:Кузнецов/Kuznetsova:Кузнецова Popov:Попов/Popova:Попова "
                    "Sokolov:Соколов/Sokolova:Соколова Volkov:Волков/Volkova:Волкова "
                    "Morozov:Морозов/Morozova:Морозова",
        "family_first": False,
    },
    {
        "code": "BY", "participants": 4, "extras": 0, "language": "en",
        "time_zone": "Europe/Minsk", "institutions": ["bsmu-by", "vsmu"],
        "hospitals": ["Minsk City Clinical Hospital No. 1", "Vitebsk Regional Clinical Hospital"],
        "male": "Aliaksandr:Аляксандр Siarhei:Сяргей Andrei:Андрэй Dzmitry:Дзмітрый",
        "female": "Volha:Вольга Hanna:Ганна Katsiaryna:Кацярына Alena:Алена",
        "surnames": "Kavalchuk:Кавальчук Shautsou:Шаўцоў/Shautsova:Шаўцова "
                    "Kazlou:Казлоў/Kazlova:Казлова Novik:Новік",
        "family_first": False,
    },
    {
        "code": "KZ", "participants": 4, "extras": 0, "language": "en",
        "time_zone": "Asia/Almaty", "institutions": ["kaznmu", "amu-kz"],
        "hospitals": ["City Clinical Hospital No. 7, Almaty",
                      "National Research Oncology Centre, Astana"],
        "male": "Nurlan:Нұрлан Yerlan:Ерлан Daniyar:Данияр Askar:Асқар",
        "female": "Aigerim:Айгерім Gulnara:Гүлнара Dana:Дана Saule:Сәуле",
        "surnames": "Akhmetov:Ахметов/Akhmetova:Ахметова "
                    "Serikbayev:Серікбаев/Serikbayeva:Серікбаева "
                    "Zhumabekov:Жұмабеков/Zhumabekova:Жұмабекова Omarov:Омаров/Omarova:Омарова",
        "family_first": False,
    },
    {
        "code": "DE", "participants": 5, "extras": 0, "language": "en",
        "time_zone": "Europe/Berlin", "institutions": ["charite", "tum"],
        "hospitals": ["University Hospital Heidelberg", "University Hospital Essen",
                      "Hospital Munich-Harlaching"],
        "male": "Thomas Michael Stefan Andreas Jan Florian",
        "female": "Julia Katharina Anna Sabine Laura Christine",
        "surnames": "Müller Schmidt Schneider Fischer Weber Meyer Wagner Becker",
        "family_first": False,
    },
    {
        "code": "AT", "participants": 4, "extras": 0, "language": "en",
        "time_zone": "Europe/Vienna", "institutions": [],
        "hospitals": ["Vienna General Hospital", "University Hospital Graz"],
        "male": "Lukas Florian Martin Christoph",
        "female": "Lisa Theresa Barbara Sandra",
        "surnames": "Gruber Huber Bauer Pichler Steiner Moser Hofer",
        "family_first": False,
    },
    {
        "code": "IT", "participants": 5, "extras": 0, "language": "en",
        "time_zone": "Europe/Rome", "institutions": [],
        "hospitals": ["Policlinico Umberto I, Rome", "Niguarda Hospital, Milan",
                      "Sant'Orsola University Hospital, Bologna"],
        "male": "Marco Luca Giuseppe Andrea Francesco Alessandro",
        "female": "Giulia Francesca Chiara Sara Elena Valentina",
        "surnames": "Rossi Russo Ferrari Esposito Bianchi Romano Colombo Ricci",
        "family_first": False,
    },
    {
        "code": "GB", "participants": 3, "extras": 0, "language": "en",
        "time_zone": "Europe/London", "institutions": ["soton", "westminster"],
        "hospitals": ["University Hospital Southampton",
                      "Royal London Hospital for Integrated Medicine"],
        "male": "James Oliver Daniel Thomas",
        "female": "Emma Sarah Charlotte Hannah",
        "surnames": "Smith Jones Taylor Brown Williams Wilson Evans",
        "family_first": False,
    },
    {
        "code": "BR", "participants": 4, "extras": 0, "language": "pt-br",
        "time_zone": "America/Sao_Paulo", "institutions": [],
        "hospitals": ["Hospital das Clínicas, São Paulo", "Federal University of São Paulo",
                      "Basic Health Unit, Belo Horizonte"],
        "male": "João Pedro Lucas Gabriel Thiago",
        "female": "Ana_Paula Juliana Fernanda Camila Mariana",
        "surnames": "Silva Santos Oliveira Souza Costa Pereira Almeida Ferreira",
        "family_first": False,
    },
    {
        "code": "TR", "participants": 3, "extras": 0, "language": "en",
        "time_zone": "Europe/Istanbul", "institutions": [],
        "hospitals": ["Ankara City Hospital", "Istanbul University Faculty of Medicine"],
        "male": "Mehmet Ahmet Emre Burak",
        "female": "Ayşe Elif Zeynep Fatma",
        "surnames": "Yılmaz Kaya Demir Şahin Çelik Yıldız Aydın Öztürk",
        "family_first": False,
    },
    {
        "code": "MN", "participants": 3, "extras": 0, "language": "en",
        "time_zone": "Asia/Ulaanbaatar", "institutions": ["mnums"],
        "hospitals": ["First Central Hospital of Mongolia, Ulaanbaatar",
                      "Mongolian National University of Medical Sciences Hospital"],
        "male": "Ganbaatar:Ганбаатар Temuulen:Тэмүүлэн Batbold:Батболд",
        "female": "Oyuntsetseg:Оюунцэцэг Sarangerel:Сарангэрэл Enkhjargal:Энхжаргал",
        "surnames": "Dorj:Дорж Batbayar:Батбаяр Gantulga:Гантулга Tsend:Цэнд",
        "family_first": False,
    },
    {
        "code": "VN", "participants": 3, "extras": 0, "language": "en",
        "time_zone": "Asia/Ho_Chi_Minh", "institutions": ["hmu-vn"],
        "hospitals": ["National Hospital of Traditional Medicine, Hanoi",
                      "Bach Mai Hospital, Hanoi"],
        "male": "Văn_An Minh_Tuấn Đức_Anh Quang_Huy",
        "female": "Thị_Lan Thu_Hương Ngọc_Anh Thị_Mai",
        "surnames": "Nguyễn Trần Lê Phạm Hoàng",
        "family_first": True,
    },
    {
        "code": "UZ", "participants": 3, "extras": 0, "language": "en",
        "time_zone": "Asia/Tashkent", "institutions": ["sammu", "bsmi"],
        "hospitals": ["Samarkand Regional Multidisciplinary Medical Centre",
                      "Tashkent Medical Academy Clinic"],
        "male": "Jasur Sherzod Bekzod Rustam",
        "female": "Dilnoza Nodira Gulnora Malika",
        "surnames": "Karimov/Karimova Rakhimov/Rakhimova Yusupov/Yusupova Tursunov/Tursunova",
        "family_first": False,
    },
]  # fmt: skip

# The 6th edition's applicants who end up not taking part, by country (the last applicants
# of each country's list, in this order): "rejected", "withdrawn" (accepted, then withdrew
# in November: the first on the waiting list is offered the place) and "waitlisted"
# (still on the waiting list). The first waitlisted of OFFERED_FROM becomes a participant.
SIXTH_OUTCOMES: dict[str, list[str]] = {
    "RS": ["rejected", "rejected", "withdrawn", "waitlisted", "waitlisted", "waitlisted"],
    "SK": ["rejected", "waitlisted", "waitlisted"],
    "PL": ["rejected", "waitlisted", "waitlisted"],
    "HU": ["rejected"],
    "RU": ["rejected"],
}
# The participant of this country who was first on the waiting list and took the freed place.
OFFERED_FROM = "SK"
# Participants of the 6th who had taken part in an earlier edition: (edition, country,
# how many) — the first ones of the country's list of the 6th.
RETURNING = [(5, "RS", 2), (5, "SK", 1), (4, "PL", 1), (2, "HU", 1), (3, "RS", 1)]
# Shares of professions among participants (ProfessionalRole values).
PROFESSIONS = [("physician", 62), ("educator", 20), ("researcher", 18)]


class PersonSpec(TypedDict):
    key: str
    email: str
    name_latin: str
    name_native: str
    country: str
    language: str
    time_zone: str
    profession: str
    institution: str  # key; "" for none
    affiliation: str  # as shown next to their name as a speaker


def _cacms(
    key: str, latin: str, native: str, institution: str, affiliation: str, profession: str
) -> PersonSpec:
    given, surname = latin.split(" ", 1)[1], latin.split(" ", 1)[0]
    return {
        "key": key,
        "email": f"{given.lower()}.{surname.lower()}@cacms.example",
        "name_latin": latin,
        "name_native": native,
        "country": "CN",
        "language": "zh-hans",
        "time_zone": "Asia/Shanghai",
        "profession": profession,
        "institution": institution,
        "affiliation": affiliation,
    }


IBRCM = "Institute of Basic Research in Clinical Medicine, CACMS"
GAMH = "Guang'anmen Hospital, CACMS"
XIYUAN = "Xiyuan Hospital, CACMS"

# The CACMS experts who teach (speakers of every edition).
EXPERTS: list[PersonSpec] = [
    _cacms("wang-jianhua", "Wang Jianhua", "王建华", "ibrcm", IBRCM, "researcher"),
    _cacms("zhang-li", "Zhang Li", "张丽", "gamh", GAMH, "physician"),
    _cacms("li-guoqiang", "Li Guoqiang", "李国强", "gamh", GAMH, "physician"),
    _cacms("chen-xiaoyan", "Chen Xiaoyan", "陈晓燕", "ibrcm", IBRCM, "researcher"),
    _cacms("zhao-wenjie", "Zhao Wenjie", "赵文杰", "ibrcm", IBRCM, "educator"),
    _cacms("sun-hongmei", "Sun Hongmei", "孙红梅", "cacms", "CACMS", "physician"),
    _cacms("zhou-mingyu", "Zhou Mingyu", "周明宇", "xiyuan", XIYUAN, "physician"),
    _cacms("huang-lihua", "Huang Lihua", "黄丽华", "xiyuan", XIYUAN, "physician"),
    _cacms("yang-zhiqiang", "Yang Zhiqiang", "杨志强", "xiyuan", XIYUAN, "physician"),
    _cacms("xu-yun", "Xu Yun", "徐云", "ibrcm", IBRCM, "educator"),
    _cacms("ma-rui", "Ma Rui", "马睿", "ibrcm", IBRCM, "researcher"),
    _cacms("gao-jiahui", "Gao Jiahui", "高佳慧", "ibrcm", IBRCM, "researcher"),
    _cacms("he-yifan", "He Yifan", "何一帆", "gamh", GAMH, "physician"),
    _cacms("guo-shufen", "Guo Shufen", "郭淑芬", "gamh", GAMH, "physician"),
]

BELGRADE = "Faculty of Medicine, University of Belgrade"


def _guest(
    key: str,
    email: str,
    latin: str,
    native: str,
    country: str,
    institution: str,
    affiliation: str,
    profession: str,
    language: str = "en",
    time_zone: str = "Europe/Belgrade",
) -> PersonSpec:
    return {
        "key": key,
        "email": email,
        "name_latin": latin,
        "name_native": native,
        "country": country,
        "language": language,
        "time_zone": time_zone,
        "profession": profession,
        "institution": institution,
        "affiliation": affiliation,
    }


# The journey of the demo: a physician of Belgrade who took part in the 1st edition in
# 2017 and came back to the 6th as a collaborating expert and speaker.
JOURNEY_KEY = "marinkovic"
# A Brazilian participant of the 3rd edition (2019), a speaker of the 6th.
BRAZIL_KEY = "moreira"

# Experts and speakers of the 6th edition from outside China (invited).
GUESTS: list[PersonSpec] = [
    _guest("marinkovic", "dejan.marinkovic@belgrade.example", "Dejan Marinković",
           "Дејан Маринковић", "RS", "bg-univ", BELGRADE, "physician", "sr-latn"),
    _guest("ilic", "vesna.ilic@belgrade.example", "Vesna Ilić", "Весна Илић", "RS",
           "bg-univ", BELGRADE, "physician", "sr-latn"),
    _guest("radovic", "nenad.radovic@belgrade.example", "Nenad Radović", "Ненад Радовић", "RS",
           "bg-univ", BELGRADE, "physician", "sr-latn"),
    _guest("savic", "gordana.savic@belgrade.example", "Gordana Savić", "Гордана Савић", "RS",
           "bg-univ", "Institute for Oncology and Radiology of Serbia", "physician", "sr-latn"),
    _guest("kostic", "tatjana.kostic@belgrade.example", "Tatjana Kostić", "Татјана Костић",
           "RS", "bg-univ", "Faculty of Pharmacy, University of Belgrade", "educator",
           "sr-latn"),
    _guest("lazic", "branislav.lazic@ssim.example", "Branislav Lazić", "Бранислав Лазић", "RS",
           "ssim", "Serbian Society of Integrative Medicine", "physician", "sr-latn"),
    _guest("obradovic", "mirjana.obradovic@uns.example", "Mirjana Obradović",
           "Мирјана Обрадовић", "RS", "uns", "Faculty of Medicine, University of Novi Sad",
           "educator", "sr-latn"),
    _guest("moreira", "rafael.moreira@unifesp.example", "Rafael Moreira", "", "BR", "",
           "Federal University of São Paulo", "physician", "pt-br", "America/Sao_Paulo"),
    _guest("wilk", "magdalena.wilk@uj.example", "Magdalena Wilk", "", "PL", "uj",
           "Jagiellonian University Medical College", "researcher", "pl", "Europe/Warsaw"),
    _guest("hudak", "peter.hudak@szu.example", "Peter Hudák", "", "SK", "szu",
           "Slovak Medical University in Bratislava", "educator", "en", "Europe/Bratislava"),
    _guest("chan", "kawai.chan@hkbu.example", "Chan Ka Wai", "陳家偉", "HK", "hkbu",
           "School of Chinese Medicine, Hong Kong Baptist University", "researcher", "en",
           "Asia/Hong_Kong"),
]  # fmt: skip
# Invited to the 6th as collaborating experts (the others as speakers).
EXPERT_ROLE = {"marinkovic", "lazic", "wilk", "hudak"}

# The organiser team (besides Liu Jing, training@cacms.example, who chairs every edition).
ORGANISERS: list[PersonSpec] = [
    _cacms("zhao-hui", "Zhao Hui", "赵慧", "ibrcm", IBRCM, "researcher"),
    _guest("djordjevic", "ana.djordjevic@belgrade.example", "Ana Đorđević", "Ана Ђорђевић",
           "RS", "bg-univ", BELGRADE, "educator", "sr-latn"),
]  # fmt: skip
CHAIR_EMAIL = "training@cacms.example"
PHYSICIAN_EMAIL = "physician@belgrade.example"


# --- The 6th edition's timetable -------------------------------------------------------


class Talk(NamedTuple):
    title: Text
    speakers: tuple[str, ...]


def _t(en: str, zh: str, *speakers: str) -> Talk:
    return Talk(Text(en, zh), speakers)


# Four plenary lectures a day (two on the opening day, three on the closing day), in order.
LECTURES: list[Talk] = [
    # Saturday 6 December
    _t("Traditional Chinese medicine today: clinical practice and research in China",
       "当代中医药：中国的临床实践与研究", "wang-jianhua"),
    _t("Fundamental theories of TCM for clinicians: yin-yang, qi and the zang-fu organs",
       "面向临床医生的中医基础理论：阴阳、气与脏腑", "zhao-wenjie"),
    # Sunday 7 December
    _t("TCM diagnosis I: inspection and tongue diagnosis", "中医诊断学（一）：望诊与舌诊",
       "zhao-wenjie"),
    _t("TCM diagnosis II: pulse diagnosis and the four examinations",
       "中医诊断学（二）：脉诊与四诊合参", "zhao-wenjie"),
    _t("Pattern differentiation: from symptoms to syndromes", "辨证论治：从症状到证候",
       "huang-lihua"),
    _t("Meridians and acupoints: anatomy and clinical location", "经络与腧穴：解剖与临床定位",
       "zhang-li"),
    # Monday 8 December
    _t("Acupuncture for chronic pain: mechanisms and evidence", "针刺治疗慢性疼痛：机制与证据",
       "zhang-li"),
    _t("Acupuncture for low back pain and knee osteoarthritis", "针刺治疗腰痛与膝骨关节炎",
       "he-yifan"),
    _t("Pain management in Serbian clinical practice: where acupuncture fits",
       "塞尔维亚临床疼痛管理：针刺的定位", "ilic"),
    _t("Moxibustion and cupping: indications, techniques and safety",
       "艾灸与拔罐：适应证、操作与安全", "he-yifan"),
    # Tuesday 9 December
    _t("Chinese herbal medicine: the principles of formula composition", "中药方剂的组方原则",
       "chen-xiaoyan"),
    _t("Safety of Chinese herbal medicines: toxicity, quality and regulation",
       "中药安全性：毒性、质量与监管", "chen-xiaoyan"),
    _t("Herb–drug interactions in patients on Western medication", "中西药相互作用",
       "gao-jiahui"),
    _t("Herbal medicinal products in the European regulatory framework",
       "欧洲监管框架下的草药产品", "kostic"),
    # Wednesday 10 December
    _t("Integrative oncology: TCM in cancer care", "中西医结合肿瘤学：中医药在癌症治疗中的作用",
       "li-guoqiang"),
    _t("Managing the side effects of chemotherapy with acupuncture and herbal medicine",
       "针药结合防治化疗不良反应", "li-guoqiang"),
    _t("Cancer-related fatigue and quality of life: an integrative approach",
       "癌因性疲乏与生活质量：中西医结合方法", "savic"),
    _t("Acupuncture in palliative care", "针灸在姑息治疗中的应用", "zhang-li"),
    # Thursday 11 December
    _t("Acupuncture in stroke rehabilitation", "针刺在脑卒中康复中的应用", "zhou-mingyu"),
    _t("Headache and migraine: acupuncture and the evidence from trials",
       "头痛与偏头痛：针刺及临床试验证据", "zhou-mingyu"),
    _t("Neurological disorders in integrative practice: a Serbian perspective",
       "神经系统疾病的中西医结合诊疗：塞尔维亚视角", "radovic"),
    _t("Insomnia, anxiety and depression: TCM approaches", "失眠、焦虑与抑郁的中医治疗",
       "xu-yun"),
    # Friday 12 December
    _t("Hypertension and coronary heart disease: integrative treatment",
       "高血压与冠心病的中西医结合治疗", "yang-zhiqiang"),
    _t("Chronic heart failure: the evidence for Chinese herbal medicine",
       "慢性心力衰竭：中药治疗的证据", "yang-zhiqiang"),
    _t("Diabetes and the metabolic syndrome in TCM", "糖尿病与代谢综合征的中医诊疗",
       "guo-shufen"),
    _t("Functional dyspepsia and irritable bowel syndrome", "功能性消化不良与肠易激综合征",
       "guo-shufen"),
    # Saturday 13 December
    _t("Research methods in TCM I: designing randomised controlled trials",
       "中医药研究方法（一）：随机对照试验设计", "wang-jianhua"),
    _t("Research methods in TCM II: sham controls and blinding in acupuncture trials",
       "中医药研究方法（二）：针刺试验中的假针刺对照与盲法", "wang-jianhua"),
    _t("Systematic reviews and meta-analyses of TCM interventions",
       "中医药干预措施的系统评价与Meta分析", "ma-rui"),
    _t("Real-world evidence and clinical registries", "真实世界证据与临床登记研究", "ma-rui"),
    # Sunday 14 December
    _t("Gynaecology in TCM: dysmenorrhoea, infertility and menopause",
       "中医妇科：痛经、不孕与绝经期综合征", "huang-lihua"),
    _t("Acupuncture in pregnancy and in IVF: what the evidence says",
       "妊娠期针刺与辅助生殖：证据如何", "huang-lihua"),
    _t("Paediatric tuina", "小儿推拿", "sun-hongmei"),
    _t("Dermatology in TCM: eczema and psoriasis", "中医皮肤病学：湿疹与银屑病", "guo-shufen"),
    # Monday 15 December
    _t("Tuina: principles and clinical applications", "推拿：原理与临床应用", "sun-hongmei"),
    _t("Qigong, Tai chi and Baduanjin as exercise therapy", "气功、太极拳与八段锦运动疗法",
       "xu-yun"),
    _t("Acupuncture in rehabilitation in Belgrade: eight years on",
       "贝尔格莱德康复医学中的针刺：八年回顾", "marinkovic"),
    _t("Bringing TCM into primary care: experience from Vojvodina",
       "将中医药融入基层医疗：伏伊伏丁那的经验", "obradovic"),
    # Tuesday 16 December
    _t("Respiratory diseases: COPD, asthma and post-infectious cough",
       "呼吸系统疾病：慢阻肺、哮喘与感染后咳嗽", "yang-zhiqiang"),
    _t("Quality control of Chinese herbal products", "中药产品的质量控制", "chan"),
    _t("Pharmacovigilance for herbal medicines", "中药药物警戒", "gao-jiahui"),
    _t("Acupuncture in Brazil's public health system", "巴西公共卫生体系中的针灸", "moreira"),
    # Wednesday 17 December
    _t("Acupuncture safety: adverse events, clean needle technique and consent",
       "针刺安全：不良事件、洁针技术与知情同意", "he-yifan"),
    _t("Integrative medicine in Slovakia: education and regulation",
       "斯洛伐克的中西医结合：教育与监管", "hudak"),
    _t("Building an integrative medicine research network in Central Europe",
       "构建中欧中西医结合研究网络", "wilk"),
    _t("Writing up TCM clinical research for international journals",
       "在国际期刊发表中医药临床研究", "wang-jianhua"),
    # Thursday 18 December
    _t("Digital tools for TCM: standard terminologies and the ICD-11 traditional medicine "
       "chapter", "中医药数字化工具：标准术语与ICD-11传统医学章节", "ma-rui"),
    _t("Integrative care pathways: deciding together when TCM enters care",
       "中西医结合诊疗路径：共同决定中医药何时介入", "lazic"),
    _t("The future of TCM cooperation between China and Europe", "中欧中医药合作的未来",
       "wang-jianhua", "lazic"),
]  # fmt: skip


class Track(NamedTuple):
    key: str
    name: Text
    kind: str  # a SessionKind value
    room: str
    trainers: tuple[str, ...]
    topics: list[Text]


# The afternoon rotation: the participants in four groups (A to D) go through the four
# tracks, each group in a different track at the same time.
TRACKS: list[Track] = [
    Track(
        "acupuncture", Text("Acupuncture and moxibustion", "针灸"), "workshop", "Skills Lab 1",
        ("zhang-li", "he-yifan", "ilic"),
        [
            Text("Needling techniques: insertion, angle, depth and de qi",
                 "针刺手法：进针、角度、深度与得气"),
            Text("Locating the key points for pain: practice in pairs",
                 "疼痛常用穴位定位：两人一组练习"),
            Text("Electroacupuncture: parameters and safe practice", "电针：参数设置与安全操作"),
            Text("Moxibustion and cupping, hands on", "艾灸与拔罐实操"),
            Text("Scalp and auricular acupuncture", "头针与耳针"),
            Text("Treatment plans for common pain syndromes", "常见疼痛综合征的治疗方案制定"),
        ],
    ),
    Track(
        "tuina", Text("Tuina and manual therapy", "推拿"), "workshop", "Skills Lab 2",
        ("sun-hongmei", "xu-yun"),
        [
            Text("Basic tuina manipulations: pushing, grasping and kneading",
                 "推拿基本手法：推、拿、揉"),
            Text("Tuina for neck and shoulder pain", "颈肩痛推拿"),
            Text("Tuina for low back pain", "腰痛推拿"),
            Text("Self-massage and acupressure to teach patients", "患者自我按摩与穴位按压"),
            Text("Paediatric tuina techniques", "小儿推拿手法"),
            Text("Combining tuina with physiotherapy", "推拿与物理治疗的结合"),
        ],
    ),
    Track(
        "herbs", Text("Chinese herbal medicine", "中药"), "workshop", "Seminar Room 3",
        ("chen-xiaoyan", "gao-jiahui", "kostic"),
        [
            Text("Recognising Chinese herbs: a hands-on materia medica session",
                 "中药饮片辨识实训"),
            Text("Classic formulas in practice: Si Jun Zi Tang and Liu Wei Di Huang Wan",
                 "经典方剂实践：四君子汤与六味地黄丸"),
            Text("Case-based prescribing for digestive complaints", "消化系统病例的处方练习"),
            Text("Checking herb–drug interactions: case exercises", "中西药相互作用核查：病例练习"),
            Text("Granules, decoctions and patent medicines compared", "颗粒剂、汤剂与中成药比较"),
            Text("Reporting adverse reactions to herbal medicines", "中药不良反应报告"),
        ],
    ),
    Track(
        "clinic", Text("Clinical practice", "临床实践"), "clinical",
        "University Clinical Centre of Serbia, Rehabilitation Clinic",
        ("zhou-mingyu", "marinkovic", "radovic", "li-guoqiang", "savic"),
        [
            Text("Acupuncture in the rehabilitation ward", "康复病房中的针刺"),
            Text("Pain clinic consultations", "疼痛门诊"),
            Text("Tongue and pulse diagnosis with patients", "真实病例的舌诊与脉诊"),
            Text("Integrative oncology outpatient clinic", "中西医结合肿瘤门诊"),
            Text("Neurology patients after stroke", "脑卒中后神经科患者"),
            Text("Case presentations and supervised treatment", "病例汇报与指导下治疗"),
        ],
    ),
]  # fmt: skip
GROUPS = ["A", "B", "C", "D"]

MORNING_PRACTICE = Talk(Text("Morning Baduanjin practice", "晨练八段锦"), ("xu-yun",))

# Evening seminars (by date), with their speakers; "external:" speakers have no account.
SEMINARS: dict[str, Talk] = {
    "2025-12-06": _t("Welcome evening: the course, the groups and your badge",
                     "欢迎会：课程、分组与胸牌介绍", "liu-jing", "djordjevic"),
    "2025-12-08": _t("Case discussion: chronic low back pain", "病例讨论：慢性腰痛", "zhang-li",
                     "ilic"),
    "2025-12-09": _t("Case discussion: a patient on warfarin who asks for herbal medicine",
                     "病例讨论：服用华法林的患者要求使用中药", "chen-xiaoyan", "kostic"),
    "2025-12-10": _t("Case discussion: nausea and fatigue during chemotherapy",
                     "病例讨论：化疗期间的恶心与疲乏", "li-guoqiang", "savic"),
    "2025-12-11": _t("Case discussion: hemiplegia after stroke", "病例讨论：脑卒中后偏瘫",
                     "zhou-mingyu", "radovic", "marinkovic"),
    "2025-12-12": _t("Journal club: landmark acupuncture trials",
                     "文献研读：具有里程碑意义的针刺试验", "wang-jianhua", "ma-rui"),
    "2025-12-15": _t("Research proposal clinic: from an idea to a protocol",
                     "研究方案指导：从想法到方案", "wang-jianhua", "wilk"),
    "2025-12-16": _t("Round table: teaching TCM in European medical faculties",
                     "圆桌会议：欧洲医学院校的中医教学", "hudak", "lazic", "moreira",
                     "external:Ivana Đurić:Clinical Centre of Montenegro"),
    "2025-12-17": _t("Founding meeting of the Eurasian Society of Integrative Medicine",
                     "欧亚结合医学会成立大会", "lazic", "liu-jing", "marinkovic"),
}  # fmt: skip

OPENING = _t("Opening ceremony", "开幕式", "liu-jing", "lazic", "wang-jianhua")
CLOSING = _t("Closing ceremony and certificates", "闭幕式暨结业证书颁发", "liu-jing", "lazic",
             "marinkovic")  # fmt: skip
OPENING_SR = "Svečano otvaranje"
CLOSING_SR = "Svečano zatvaranje i dodela sertifikata"

# Lectures whose slides are shared with the participants (indexes in LECTURES).
SLIDES = [6, 11, 26]

PLENARY_ROOM = "Great Hall"
SEMINAR_ROOM = "Seminar Room 1"
PRACTICE_ROOM = "Gymnasium"


# --- The Beijing editions' timetables --------------------------------------------------

# (day of the edition from 0, start, end, kind) of the seven teaching sessions; the opening
# ceremony is on day 0 at 09:00, the closing ceremony on day 11 at 10:00.
PAST_SLOTS = [
    (0, "10:00", "12:00", "lecture"),
    (1, "09:00", "12:00", "lecture"),
    (2, "09:00", "12:00", "lecture"),
    (3, "14:00", "17:00", "workshop"),
    (4, "09:00", "12:00", "clinical"),
    (7, "09:00", "12:00", "lecture"),
    (9, "14:00", "17:00", "workshop"),
]
PAST_ROOMS = {
    "lecture": "Lecture Hall, IBRCM",
    "workshop": "Training Room 2, IBRCM",
    "ceremony": "Lecture Hall, IBRCM",
}
PAST_CLINICS = {
    1: "Guang'anmen Hospital, Department of Acupuncture",
    2: "Guang'anmen Hospital, Department of Oncology",
    3: "Xiyuan Hospital, Department of Neurology",
    4: "Guang'anmen Hospital, Department of Respiratory Medicine",
    5: "Xiyuan Hospital, Department of Cardiology",
}
PAST_CEREMONIES = (
    _t("Opening ceremony", "开班仪式", "liu-jing", "wang-jianhua"),
    _t("Closing ceremony", "结业典礼", "liu-jing"),
)
PAST_PROGRAMMES: dict[int, list[Talk]] = {
    1: [
        _t("Traditional Chinese medicine today: clinical practice and research in China",
           "当代中医药：中国的临床实践与研究", "wang-jianhua"),
        _t("TCM diagnosis: inspection, tongue and pulse", "中医诊断：望诊、舌诊与脉诊",
           "zhao-wenjie"),
        _t("Acupuncture for chronic pain: mechanisms and evidence", "针刺治疗慢性疼痛：机制与证据",
           "zhang-li"),
        _t("Needling techniques: insertion, angle, depth and de qi",
           "针刺手法：进针、角度、深度与得气", "zhang-li", "he-yifan"),
        _t("Clinical practice in the acupuncture department", "针灸科临床见习", "he-yifan"),
        _t("Safety of Chinese herbal medicines: toxicity, quality and regulation",
           "中药安全性：毒性、质量与监管", "chen-xiaoyan"),
        _t("Recognising Chinese herbs: a hands-on materia medica session", "中药饮片辨识实训",
           "chen-xiaoyan"),
    ],
    2: [
        _t("Fundamental theories of TCM for clinicians", "面向临床医生的中医基础理论",
           "zhao-wenjie"),
        _t("Research methods in TCM: designing randomised controlled trials",
           "中医药研究方法：随机对照试验设计", "wang-jianhua"),
        _t("Integrative oncology: TCM in cancer care", "中西医结合肿瘤学：中医药在癌症治疗中的作用",
           "li-guoqiang"),
        _t("Basic tuina manipulations", "推拿基本手法", "sun-hongmei"),
        _t("Clinical practice in the oncology department", "肿瘤科临床见习", "li-guoqiang"),
        _t("Sham controls and blinding in acupuncture trials", "针刺试验中的假针刺对照与盲法",
           "wang-jianhua"),
        _t("Classic formulas in practice", "经典方剂实践", "chen-xiaoyan"),
    ],
    3: [
        _t("Acupuncture in stroke rehabilitation", "针刺在脑卒中康复中的应用", "zhou-mingyu"),
        _t("Herb–drug interactions in patients on Western medication", "中西药相互作用",
           "gao-jiahui"),
        _t("Insomnia, anxiety and depression: TCM approaches", "失眠、焦虑与抑郁的中医治疗",
           "xu-yun"),
        _t("Baduanjin and Tai chi in practice", "八段锦与太极拳练习", "xu-yun"),
        _t("Clinical practice in the neurology department", "神经内科临床见习", "zhou-mingyu"),
        _t("Systematic reviews and meta-analyses of TCM interventions",
           "中医药干预措施的系统评价与Meta分析", "ma-rui"),
        _t("Electroacupuncture: parameters and safe practice", "电针：参数设置与安全操作",
           "he-yifan"),
    ],
    4: [
        _t("TCM in the COVID-19 pandemic: what the trials showed",
           "新冠肺炎疫情中的中医药：临床试验的发现", "wang-jianhua"),
        _t("Long COVID: fatigue, cough and breathlessness in TCM",
           "新冠后遗症：疲乏、咳嗽与气短的中医诊疗", "yang-zhiqiang"),
        _t("Integrative oncology: managing the side effects of chemotherapy",
           "中西医结合肿瘤学：化疗不良反应的防治", "li-guoqiang"),
        _t("Moxibustion and cupping, hands on", "艾灸与拔罐实操", "he-yifan"),
        _t("Clinical practice in the respiratory department", "呼吸科临床见习", "yang-zhiqiang"),
        _t("Gynaecology in TCM: dysmenorrhoea and menopause", "中医妇科：痛经与绝经期综合征",
           "huang-lihua"),
        _t("Checking herb–drug interactions: case exercises", "中西药相互作用核查：病例练习",
           "gao-jiahui"),
    ],
    5: [
        _t("Real-world evidence and clinical registries", "真实世界证据与临床登记研究", "ma-rui"),
        _t("Hypertension and coronary heart disease: integrative treatment",
           "高血压与冠心病的中西医结合治疗", "yang-zhiqiang"),
        _t("Standard terminologies of TCM and the ICD-11 traditional medicine chapter",
           "中医药标准术语与ICD-11传统医学章节", "ma-rui"),
        _t("Tuina for neck and shoulder pain", "颈肩痛推拿", "sun-hongmei"),
        _t("Clinical practice in the cardiology department", "心血管科临床见习", "yang-zhiqiang"),
        _t("Dermatology in TCM: eczema and psoriasis", "中医皮肤病学：湿疹与银屑病", "guo-shufen"),
        _t("Treatment plans for common pain syndromes", "常见疼痛综合征的治疗方案制定",
           "zhang-li", "he-yifan"),
    ],
}  # fmt: skip
