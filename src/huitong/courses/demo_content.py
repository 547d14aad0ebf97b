"""What the demo's five courses teach (pure data; huitong.courses.demo builds them).

In 2025 Southwest Medical University (Luzhou, Sichuan) added five English-taught courses,
built from its MOOCs, to the cloud course platform of the Belt and Road International
Medical Education Alliance. The titles, the MOOC levels and the size of the teaching
teams follow public reports; the outlines, lessons and questions below were written for
the demo. They are real teaching content, accurate to standard textbooks and to the WHO
standard point locations (2008) where points are located, but they are demo content, not
the university's course material. Chinese translations are given for every text.

Long lines of Chinese end with a backslash: the string goes on without a line break.
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Text:
    """An English text and its Simplified Chinese translation."""

    en: str
    zh: str


@dataclass(frozen=True)
class ChoiceSpec:
    text: Text
    correct: bool = False


@dataclass(frozen=True)
class QuestionSpec:
    kind: str  # single | multiple | true_false | numeric | short_text
    prompt: Text
    feedback: Text | None = None
    choices: tuple[ChoiceSpec, ...] = ()
    numeric: str | None = None
    tolerance: str = "0"
    accepted: tuple[str, ...] = ()


@dataclass(frozen=True)
class ReadingSpec:
    """A handout, made as a PDF when the demo is loaded."""

    filename: str
    title: Text
    intro: Text
    headers: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    notes: tuple[Text, ...] = ()


@dataclass(frozen=True)
class LessonSpec:
    kind: str  # text | video | reading | quiz | live
    title: Text
    body: Text | None = None
    video_url: str = ""
    video_duration: int | None = None
    reading: ReadingSpec | None = None
    live: str = ""  # "future" (scheduled) or "past" (with its recording)
    meeting_url: str = ""
    recording_url: str = ""
    required: bool = True
    questions: tuple[QuestionSpec, ...] = ()
    pass_mark: int = 60


@dataclass(frozen=True)
class ModuleSpec:
    title: Text
    lessons: tuple[LessonSpec, ...]


@dataclass(frozen=True)
class CourseSpec:
    key: str
    title: Text
    summary: Text
    description: Text
    prerequisites: Text
    discipline: str
    level: str
    languages: tuple[str, ...]
    estimated_hours: int
    recognition: tuple[str, ...]
    access_policy: str
    team_size: int  # the lead instructor included
    learners: int  # generated learners enrolled
    modules: tuple[ModuleSpec, ...]
    lead_email: str = ""  # a demo login who leads the course
    changes_requested: Text | None = None  # the reviewer first asks for this


MEDIA = "https://media.swmu.example/mooc"
MEET = "https://meet.swmu.example/brimea"

T = Text
Q = QuestionSpec
C = ChoiceSpec
YES = T("True", "正确")
NO = T("False", "错误")


def true_false(prompt: Text, answer: bool, feedback: Text | None = None) -> QuestionSpec:
    return Q(
        "true_false", prompt, feedback, choices=(C(YES, correct=answer), C(NO, correct=not answer))
    )


ASSESSMENT = T("Assessment", "考核")

# --- Medical Cell Biology -------------------------------------------------------------

CELL_MEMBRANE = T(
    """\
The plasma membrane is a **lipid bilayer** about 7–8 nm thick in which proteins float: the
*fluid mosaic model* of Singer and Nicolson (1972).

- **Phospholipids** form the bilayer: their hydrophilic heads face the watery cytosol and the
  extracellular fluid, their hydrophobic fatty-acid tails face each other.
- **Cholesterol** sits between the phospholipids and keeps the membrane's fluidity within a
  narrow range.
- **Membrane proteins** are *integral* (spanning the bilayer, such as channels, carriers and
  receptors) or *peripheral* (attached to one of its surfaces).
- **Carbohydrates** bound to lipids and proteins on the outer surface form the *glycocalyx*,
  used in cell recognition: the ABO blood groups are sugar antigens of the red-cell membrane.

The bilayer is asymmetric: phosphatidylserine faces the cytosol. When it appears on the outer
surface, macrophages recognise the cell as apoptotic and engulf it.
""",
    """\
质膜是厚约 7–8 nm 的**脂质双分子层**，蛋白质镶嵌其中并可移动，即 Singer 和 Nicolson（1972）\
提出的*流动镶嵌模型*。

- **磷脂**构成双分子层：亲水的头部朝向细胞质和细胞外液，疏水的脂肪酸尾部彼此相对。
- **胆固醇**位于磷脂分子之间，使膜的流动性保持在适当范围内。
- **膜蛋白**分为*整合蛋白*（贯穿双分子层，如通道、载体和受体）和*外周蛋白*（附着于膜的一侧表面）。
- 外表面与脂质和蛋白质结合的**糖类**构成*糖萼*，参与细胞识别：ABO 血型就是红细胞膜上的糖抗原。

双分子层是不对称的：磷脂酰丝氨酸朝向细胞质。当它出现在外表面时，巨噬细胞便将该细胞识别为\
凋亡细胞并将其吞噬。
""",
)

CELL_TRANSPORT = T(
    """\
| Mechanism | Energy | Example |
|---|---|---|
| Simple diffusion | none | O₂, CO₂, steroid hormones |
| Channel-mediated diffusion | none | K⁺ leak channels, aquaporins |
| Carrier-mediated (facilitated) diffusion | none | glucose through GLUT transporters |
| Primary active transport | ATP | Na⁺/K⁺-ATPase: 3 Na⁺ out, 2 K⁺ in |
| Secondary active transport | an ion gradient | Na⁺–glucose co-transport (SGLT1) in the gut |
| Vesicular transport | ATP | endocytosis of LDL, exocytosis of insulin |

**Clinical link: cystic fibrosis.** The CFTR protein is a chloride channel of epithelial
cells. Mutations such as F508del keep it from reaching the membrane; thick secretions then
block the airways and the pancreatic ducts.

**Clinical link: oral rehydration.** Oral rehydration solution works because SGLT1 still
works in most diarrhoeas: it carries sodium into the intestinal cells together with glucose,
and water follows.
""",
    """\
| 方式 | 能量 | 例子 |
|---|---|---|
| 单纯扩散 | 不需要 | O₂、CO₂、类固醇激素 |
| 通道介导的扩散 | 不需要 | K⁺ 渗漏通道、水通道蛋白 |
| 载体介导的（易化）扩散 | 不需要 | 葡萄糖经 GLUT 转运体 |
| 原发性主动转运 | ATP | Na⁺/K⁺-ATP 酶：泵出 3 个 Na⁺，泵入 2 个 K⁺ |
| 继发性主动转运 | 离子梯度 | 肠道中的 Na⁺–葡萄糖同向转运（SGLT1） |
| 膜泡运输 | ATP | LDL 的胞吞、胰岛素的胞吐 |

**临床联系：囊性纤维化。** CFTR 蛋白是上皮细胞的氯离子通道。F508del 等突变使其无法到达细胞膜，\
黏稠的分泌物随之堵塞气道和胰管。

**临床联系：口服补液。** 口服补液盐之所以有效，是因为在大多数腹泻中 SGLT1 仍然正常工作：\
它将钠与葡萄糖一起转运进肠上皮细胞，水随之吸收。
""",
)

CELL_ENDOMEMBRANE = T(
    """\
Proteins made for secretion, for the membrane or for the lysosomes follow one route:

1. **Rough endoplasmic reticulum** — ribosomes translate the protein into the ER lumen, where
   it folds and receives N-linked sugars. Misfolded proteins are sent back to the cytosol and
   degraded by the proteasome.
2. **Golgi apparatus** — modifies and sorts the proteins. Lysosomal enzymes are tagged with
   **mannose-6-phosphate**; in I-cell disease the tag is missing and the enzymes are secreted
   instead.
3. **Lysosomes** — acid hydrolases (working best at pH 4.5–5) digest what endocytosis brings
   in and worn-out organelles (autophagy).

The **smooth ER** makes lipids and steroid hormones, stores Ca²⁺ (the sarcoplasmic reticulum
of muscle) and, in the liver, metabolises drugs with cytochrome P450 enzymes.

**Clinical link: lysosomal storage diseases.** In Tay–Sachs disease a lack of
hexosaminidase A lets the ganglioside GM2 accumulate in neurons.
""",
    """\
用于分泌、膜定位或溶酶体的蛋白质沿同一路径运输：

1. **粗面内质网**——核糖体将蛋白质翻译进内质网腔，蛋白质在其中折叠并进行 N-连接糖基化。\
错误折叠的蛋白质被送回细胞质，由蛋白酶体降解。
2. **高尔基体**——对蛋白质进行修饰和分选。溶酶体酶带有**甘露糖-6-磷酸**标记；\
I 细胞病中缺少这一标记，酶被分泌到细胞外。
3. **溶酶体**——酸性水解酶（最适 pH 4.5–5）消化胞吞摄入的物质和衰老的细胞器（自噬）。

**滑面内质网**合成脂质和类固醇激素，储存 Ca²⁺（肌肉中的肌质网），在肝脏中借助细胞色素 P450 酶\
代谢药物。

**临床联系：溶酶体贮积症。** 泰-萨克斯病中缺乏氨基己糖苷酶 A，神经节苷脂 GM2 在神经元内蓄积。
""",
)

CELL_MITOCHONDRIA = T(
    """\
Mitochondria make most of the cell's ATP by **oxidative phosphorylation**: the
electron-transport chain of the inner membrane pumps protons out of the matrix, and ATP
synthase uses the proton gradient to make ATP.

- They have their own circular **mitochondrial DNA** — 16,569 base pairs and 37 genes —
  inherited from the mother.
- A cell holds many copies; when normal and mutant copies coexist (*heteroplasmy*) disease
  appears once the share of mutant copies passes a threshold.
- The release of **cytochrome c** from the intermembrane space starts the intrinsic pathway
  of apoptosis.

**Clinical link:** MELAS (mitochondrial encephalomyopathy, lactic acidosis and stroke-like
episodes) is most often caused by the m.3243A>G mutation of a mitochondrial tRNA gene.
""",
    """\
线粒体通过**氧化磷酸化**产生细胞的大部分 ATP：内膜上的电子传递链将质子泵出基质，\
ATP 合酶利用质子梯度合成 ATP。

- 线粒体有自己的环状**线粒体 DNA**——16 569 个碱基对、37 个基因——由母亲遗传。
- 一个细胞含有许多拷贝；正常与突变拷贝共存（*异质性*）时，突变拷贝的比例超过阈值才会发病。
- 膜间隙中的**细胞色素 c** 释放后启动细胞凋亡的内源性途径。

**临床联系：** MELAS（线粒体脑肌病伴乳酸酸中毒及卒中样发作）最常由线粒体 tRNA 基因的 \
m.3243A>G 突变引起。
""",
)

CELL_CYCLE = T(
    """\
The cell cycle runs **G1 → S → G2 → M**; cells that stop dividing leave it for G0.

- **Cyclins and cyclin-dependent kinases (CDKs)** drive the cell from one phase to the next.
- **G1/S checkpoint:** the retinoblastoma protein (Rb) holds back the transcription factor
  E2F; phosphorylation of Rb by cyclin D–CDK4/6 releases it, and the cell enters S phase.
- **p53** senses DNA damage, halts the cycle through p21 and, if the damage cannot be
  repaired, triggers apoptosis. It is mutated in about half of human cancers.
- **Spindle assembly checkpoint:** anaphase waits until every chromosome is attached to the
  spindle.

CDK4/6 inhibitors such as palbociclib treat hormone-receptor-positive breast cancer by keeping
Rb active.
""",
    """\
细胞周期依次为 **G1 → S → G2 → M**；停止分裂的细胞退出周期进入 G0 期。

- **细胞周期蛋白与细胞周期蛋白依赖性激酶（CDK）**推动细胞从一个时相进入下一个时相。
- **G1/S 检查点：**视网膜母细胞瘤蛋白（Rb）抑制转录因子 E2F；细胞周期蛋白 D–CDK4/6 使 Rb \
磷酸化后 E2F 被释放，细胞进入 S 期。
- **p53** 感知 DNA 损伤，通过 p21 使细胞周期停滞；损伤无法修复时则诱导细胞凋亡。\
约一半的人类癌症中 p53 发生突变。
- **纺锤体组装检查点：**所有染色体都连接到纺锤体上之后，细胞才进入后期。

哌柏西利等 CDK4/6 抑制剂通过维持 Rb 的活性来治疗激素受体阳性乳腺癌。
""",
)

CELL_DEATH = T(
    """\
| | Apoptosis | Necrosis |
|---|---|---|
| Cause | programmed: development, DNA damage, immune killing | injury: ischaemia, toxins |
| Cells | single cells shrink; chromatin condenses; apoptotic bodies | groups of cells swell |
| Membrane | intact until the cell is engulfed | ruptures |
| Inflammation | none | present |

The **intrinsic pathway** starts at the mitochondria (the BCL-2 family, cytochrome c,
caspase-9); the **extrinsic pathway** starts at death receptors such as Fas (caspase-8). Both
converge on the executioner caspase-3.
""",
    """\
| | 细胞凋亡 | 细胞坏死 |
|---|---|---|
| 原因 | 程序性：发育、DNA 损伤、免疫杀伤 | 损伤：缺血、毒素 |
| 细胞 | 单个细胞皱缩，染色质凝集，形成凋亡小体 | 成群细胞肿胀 |
| 细胞膜 | 被吞噬前保持完整 | 破裂 |
| 炎症 | 无 | 有 |

**内源性途径**始于线粒体（BCL-2 家族、细胞色素 c、caspase-9）；**外源性途径**始于 Fas 等\
死亡受体（caspase-8）。两条途径最终汇聚于执行者 caspase-3。
""",
)

CELL_READING = ReadingSpec(
    filename="organelles-at-a-glance.pdf",
    title=T("Organelles at a glance", "细胞器一览"),
    intro=T(
        "Each organelle, what it does, and a disease that follows when it fails.",
        "各细胞器的功能，以及其功能失常时导致的一种疾病。",
    ),
    headers=("Organelle / 细胞器", "Function / 功能", "Disease / 疾病"),
    rows=(
        (
            "Plasma membrane / 质膜",
            "Barrier and transport / 屏障与转运",
            "Cystic fibrosis / 囊性纤维化",
        ),
        (
            "Rough ER / 粗面内质网",
            "Protein synthesis and folding / 蛋白质合成与折叠",
            "α1-antitrypsin deficiency / α1-抗胰蛋白酶缺乏症",
        ),
        (
            "Golgi / 高尔基体",
            "Sorting and glycosylation / 分选与糖基化",
            "I-cell disease / I 细胞病",
        ),
        (
            "Lysosome / 溶酶体",
            "Digestion, autophagy / 消化、自噬",
            "Tay–Sachs disease / 泰-萨克斯病",
        ),
        (
            "Peroxisome / 过氧化物酶体",
            "Very-long-chain fatty acid oxidation / 极长链脂肪酸氧化",
            "X-linked adrenoleukodystrophy / X 连锁肾上腺脑白质营养不良",
        ),
        ("Mitochondrion / 线粒体", "Oxidative phosphorylation / 氧化磷酸化", "MELAS"),
    ),
    notes=(
        T(
            "Read the table across: each disease is explained in the lessons of this module.",
            "横向阅读此表：每种疾病在本模块的课程中都有讲解。",
        ),
    ),
)

CELL_QUIZ = (
    Q(
        "single",
        T(
            "What does one cycle of the Na⁺/K⁺-ATPase move across the membrane?",
            "Na⁺/K⁺-ATP 酶每一个循环跨膜转运什么？",
        ),
        T(
            "It pumps 3 Na⁺ out and 2 K⁺ in for each ATP.",
            "每消耗一个 ATP，泵出 3 个 Na⁺，泵入 2 个 K⁺。",
        ),
        choices=(
            C(T("3 Na⁺ out and 2 K⁺ in", "泵出 3 个 Na⁺，泵入 2 个 K⁺"), correct=True),
            C(T("2 Na⁺ out and 3 K⁺ in", "泵出 2 个 Na⁺，泵入 3 个 K⁺")),
            C(T("1 Na⁺ out and 1 K⁺ in", "泵出 1 个 Na⁺，泵入 1 个 K⁺")),
            C(T("3 Na⁺ in and 2 K⁺ out", "泵入 3 个 Na⁺，泵出 2 个 K⁺")),
        ),
    ),
    true_false(
        T("Mitochondrial DNA is inherited from the mother.", "线粒体 DNA 由母亲遗传。"), True
    ),
    Q(
        "multiple",
        T("Which of these are features of apoptosis?", "下列哪些是细胞凋亡的特征？"),
        choices=(
            C(T("Condensation of the chromatin", "染色质凝集"), correct=True),
            C(T("Formation of apoptotic bodies", "形成凋亡小体"), correct=True),
            C(T("Activation of caspases", "caspase 被激活"), correct=True),
            C(T("Inflammation of the surrounding tissue", "周围组织发生炎症")),
        ),
    ),
    Q(
        "short_text",
        T(
            "Which protein, called the guardian of the genome, halts the cell cycle after DNA "
            "damage?",
            "哪种被称为“基因组守护者”的蛋白质在 DNA 损伤后使细胞周期停滞？",
        ),
        accepted=("p53", "TP53"),
    ),
    Q(
        "numeric",
        T("How many genes does human mitochondrial DNA carry?", "人类线粒体 DNA 含有多少个基因？"),
        T(
            "37: 13 for proteins, 22 for tRNAs and 2 for rRNAs.",
            "37 个：13 个编码蛋白质，22 个编码 tRNA，2 个编码 rRNA。",
        ),
        numeric="37",
    ),
)

MEDICAL_CELL_BIOLOGY = CourseSpec(
    key="cell-biology",
    title=T("Medical Cell Biology", "医学细胞生物学"),
    summary=T(
        "How cells are built and how they work — membranes, organelles, the cell cycle and "
        "cell death — and the diseases that follow when they fail.",
        "细胞如何构成、如何运作——细胞膜、细胞器、细胞周期与细胞死亡——以及它们失常时导致的疾病。",
    ),
    description=T(
        """\
*Medical Cell Biology* is Southwest Medical University's provincial-level MOOC, taught in
English for the students of the alliance's member universities. It links the structure and
work of the cell to clinical medicine: why a faulty chloride channel causes cystic fibrosis,
why a missing lysosomal enzyme causes Tay–Sachs disease, and how cells that escape the
control of their cycle become cancer.

**You will learn to**

- describe biological membranes and the ways substances cross them;
- explain the work of the endomembrane system and of the mitochondria;
- outline the cell cycle, its checkpoints and the pathways of apoptosis;
- relate a defect of each to a human disease.
""",
        """\
《医学细胞生物学》是西南医科大学的省级一流 MOOC，以英文面向联盟成员高校的学生授课。\
课程把细胞的结构与功能同临床医学联系起来：为什么一个有缺陷的氯离子通道会导致囊性纤维化，\
为什么缺少一种溶酶体酶会导致泰-萨克斯病，以及逃脱周期调控的细胞如何变成癌细胞。

**学习目标**

- 描述生物膜及物质跨膜转运的方式；
- 解释内膜系统和线粒体的功能；
- 概述细胞周期、检查点和细胞凋亡的途径；
- 将每一种缺陷与人类疾病联系起来。
""",
    ),
    prerequisites=T("Secondary-school biology and chemistry.", "高中生物学和化学。"),
    discipline="basic_medical_science",
    level="introductory",
    languages=("en",),
    estimated_hours=36,
    recognition=("provincial_mooc",),
    access_policy="alliance_members",
    team_size=8,
    learners=64,
    modules=(
        ModuleSpec(
            T("The cell membrane and transport", "细胞膜与物质转运"),
            (
                LessonSpec(
                    "text", T("Structure of the plasma membrane", "质膜的结构"), CELL_MEMBRANE
                ),
                LessonSpec(
                    "text", T("How substances cross the membrane", "物质的跨膜转运"), CELL_TRANSPORT
                ),
                LessonSpec(
                    "video",
                    T("Lecture: membrane transport", "讲座：跨膜转运"),
                    T(
                        "A 21-minute lecture on the transporters of the membrane, with the "
                        "Na⁺/K⁺-ATPase and SGLT1 as examples.",
                        "21 分钟的讲座，以 Na⁺/K⁺-ATP 酶和 SGLT1 为例讲解膜转运蛋白。",
                    ),
                    video_url=f"{MEDIA}/cell-biology/membrane-transport",
                    video_duration=1260,
                ),
            ),
        ),
        ModuleSpec(
            T("Organelles", "细胞器"),
            (
                LessonSpec("text", T("The endomembrane system", "内膜系统"), CELL_ENDOMEMBRANE),
                LessonSpec("text", T("Mitochondria", "线粒体"), CELL_MITOCHONDRIA),
                LessonSpec(
                    "reading",
                    T("Handout: organelles at a glance", "讲义：细胞器一览"),
                    T(
                        "A one-page table to keep beside the lessons.",
                        "一页表格，可与课程对照阅读。",
                    ),
                    reading=CELL_READING,
                ),
            ),
        ),
        ModuleSpec(
            T("Cell cycle and cell death", "细胞周期与细胞死亡"),
            (
                LessonSpec(
                    "text",
                    T("The cell cycle and its checkpoints", "细胞周期及其检查点"),
                    CELL_CYCLE,
                ),
                LessonSpec("text", T("Apoptosis and necrosis", "细胞凋亡与坏死"), CELL_DEATH),
                LessonSpec(
                    "video",
                    T("Lecture: how cancer cells escape control", "讲座：癌细胞如何逃脱调控"),
                    T(
                        "A 25-minute lecture on oncogenes, tumour-suppressor genes and the "
                        "hallmarks of cancer.",
                        "25 分钟的讲座，讲解癌基因、抑癌基因和癌症的特征。",
                    ),
                    video_url=f"{MEDIA}/cell-biology/cancer-cells",
                    video_duration=1500,
                    required=False,
                ),
            ),
        ),
        ModuleSpec(
            ASSESSMENT,
            (
                LessonSpec(
                    "quiz",
                    T("Final quiz: medical cell biology", "期末测验：医学细胞生物学"),
                    questions=CELL_QUIZ,
                    pass_mark=60,
                ),
            ),
        ),
    ),
)

# --- Otorhinolaryngology Head and Neck Surgery ----------------------------------------

ENT_EAR = T(
    """\
- **External ear:** the auricle and the external auditory canal (about 2.5 cm long) lead to
  the tympanic membrane.
- **Middle ear:** an air-filled space connected with the nasopharynx by the **Eustachian
  tube**. The ossicles — **malleus, incus and stapes** — carry sound from the tympanic
  membrane to the oval window and amplify it.
- **Inner ear:** the **cochlea** (hearing: the organ of Corti and its hair cells) and the
  **vestibular system** (the three semicircular canals sense rotation; the utricle and the
  saccule sense linear acceleration and gravity).

The facial nerve runs through the middle ear in a bony canal: disease of the middle ear and
its surgery can injure it.
""",
    """\
- **外耳：**耳廓和外耳道（长约 2.5 cm）通向鼓膜。
- **中耳：**充气的腔隙，经**咽鼓管**与鼻咽相通。听小骨——**锤骨、砧骨和镫骨**——把声音从鼓膜\
传到卵圆窗并加以放大。
- **内耳：****耳蜗**（听觉：螺旋器及其毛细胞）和**前庭系统**（三个半规管感受旋转；\
椭圆囊和球囊感受直线加速度和重力）。

面神经在骨管内穿过中耳：中耳疾病及其手术可能损伤面神经。
""",
)

ENT_TUNING_FORK = T(
    """\
Use a **512 Hz** tuning fork.

- **Rinne test:** compare air conduction (the fork beside the ear canal) with bone conduction
  (the fork on the mastoid). Normally air conduction is louder: *Rinne positive*. In
  conductive hearing loss bone conduction is louder: *Rinne negative*.
- **Weber test:** put the fork on the middle of the forehead. The sound lateralises **to the
  affected ear** in conductive loss and **to the better ear** in sensorineural loss.

| Finding | Conductive loss, left | Sensorineural loss, left |
|---|---|---|
| Rinne, left ear | negative | positive |
| Weber | heard on the left | heard on the right |

Confirm with pure-tone audiometry. Sudden sensorineural hearing loss is an emergency: refer
the patient at once.
""",
    """\
使用 **512 Hz** 音叉。

- **林纳试验（Rinne）：**比较气导（音叉置于外耳道旁）与骨导（音叉置于乳突）。正常时气导声音更响：\
*林纳试验阳性*。传导性听力损失时骨导更响：*林纳试验阴性*。
- **韦伯试验（Weber）：**将音叉置于前额正中。传导性听力损失时声音偏向**患耳**，\
感音神经性听力损失时偏向**健耳**。

| 结果 | 左耳传导性听力损失 | 左耳感音神经性听力损失 |
|---|---|---|
| 左耳林纳试验 | 阴性 | 阳性 |
| 韦伯试验 | 偏左 | 偏右 |

以纯音测听确认。突发性感音神经性听力损失属于急症：应立即转诊。
""",
)

ENT_EPISTAXIS = T(
    """\
About 90% of nosebleeds arise **anteriorly**, from **Little's area** (Kiesselbach's plexus)
on the anterior nasal septum.

**First aid**

1. Sit the patient up, leaning **forward** with the mouth open, so that blood is not
   swallowed.
2. Pinch the soft part of the nose firmly for **10–15 minutes** without letting go.
3. Ice in the mouth or a cold compress may help.

If the bleeding goes on: find the site, apply a topical vasoconstrictor and anaesthetic,
cauterise a visible vessel with silver nitrate (one side of the septum at a time) or pack the
nose. Posterior bleeding, more common in older patients with hypertension or on
anticoagulants, may need posterior packing or endoscopic ligation of the sphenopalatine
artery.
""",
    """\
约 90% 的鼻出血发生在**前部**，来自鼻中隔前部的**利特尔区**（克氏静脉丛）。

**急救**

1. 让患者坐起，身体**前倾**，张口呼吸，避免咽下血液。
2. 用力捏紧鼻翼软组织 **10–15 分钟**，中途不要松开。
3. 口含冰块或冷敷可能有帮助。

如仍出血：找到出血部位，局部应用血管收缩剂和麻醉剂，用硝酸银烧灼可见血管（每次只处理鼻中隔一侧），\
或行鼻腔填塞。后部出血多见于高血压或服用抗凝药的老年患者，可能需要后鼻孔填塞或内镜下蝶腭动脉结扎。
""",
)

ENT_SINUSITIS = T(
    """\
Acute rhinosinusitis is inflammation of the nose and the sinuses lasting **less than 12
weeks**, with nasal blockage or discharge, and facial pain or pressure or a reduced sense of
smell.

- Most cases are **viral** and settle within 10 days: saline irrigation, analgesics, and an
  intranasal corticosteroid for the symptoms.
- Suspect a **bacterial** infection when symptoms last more than 10 days, when they worsen
  after a first improvement ("double sickening"), or with severe pain and fever.
- **Red flags** — swelling around the eye, double or reduced vision, severe frontal headache,
  neurological signs — suggest spread to the orbit or the skull: admit at once.
""",
    """\
急性鼻-鼻窦炎是持续**不足 12 周**的鼻腔和鼻窦炎症，表现为鼻塞或流涕，伴面部疼痛或压迫感，\
或嗅觉减退。

- 大多数为**病毒性**，10 天内缓解：鼻腔盐水冲洗、镇痛药，并用鼻用糖皮质激素缓解症状。
- 症状持续超过 10 天、好转后再次加重（“双峰病程”），或伴剧烈疼痛和发热时，应怀疑**细菌性**感染。
- **警示症状**——眶周肿胀、复视或视力下降、剧烈前额头痛、神经系统体征——提示感染扩散至眼眶\
或颅内：应立即收治入院。
""",
)

ENT_THROAT = T(
    """\
Most sore throats are viral. The **Centor criteria** estimate the chance of a group A
streptococcal infection, one point each:

- exudate on the tonsils;
- tender anterior cervical lymph nodes;
- a history of fever;
- absence of cough.

With 3–4 points consider a rapid antigen test or an antibiotic (penicillin V for 10 days).
A **peritonsillar abscess** (quinsy) shows as trismus, a "hot potato" voice and a uvula
pushed to the other side: it needs drainage.
""",
    """\
大多数咽痛是病毒性的。**Centor 评分**估计 A 组链球菌感染的可能性，每项 1 分：

- 扁桃体有渗出物；
- 颈前淋巴结压痛；
- 发热史；
- 无咳嗽。

3–4 分时考虑快速抗原检测或使用抗生素（青霉素 V，疗程 10 天）。**扁桃体周围脓肿**表现为张口受限、\
“含物音”以及悬雍垂偏向对侧：需要切开引流。
""",
)

ENT_READING = ReadingSpec(
    filename="red-flags-head-and-neck.pdf",
    title=T("Red flags in the head and neck", "头颈部警示症状"),
    intro=T(
        "Symptoms that need an urgent examination by an otorhinolaryngologist.",
        "需要耳鼻咽喉科医生紧急检查的症状。",
    ),
    headers=("Symptom / 症状", "Think of / 考虑"),
    rows=(
        ("Hoarseness for more than 3 weeks / 声音嘶哑超过 3 周", "Laryngeal cancer / 喉癌"),
        (
            "Neck lump for more than 3 weeks in an adult / 成人颈部肿块超过 3 周",
            "Metastatic lymph node, lymphoma / 转移性淋巴结、淋巴瘤",
        ),
        (
            "Adult with one-sided middle-ear effusion / 成人单侧中耳积液",
            "Nasopharyngeal carcinoma / 鼻咽癌",
        ),
        (
            "One-sided nasal blockage with bleeding / 单侧鼻塞伴出血",
            "Sinonasal tumour / 鼻腔鼻窦肿瘤",
        ),
        ("Persistent pain on swallowing / 持续吞咽痛", "Pharyngeal cancer / 咽癌"),
        ("Stridor / 喘鸣", "Airway obstruction: an emergency / 气道梗阻：急症"),
    ),
    notes=(
        T(
            "Nasopharyngeal carcinoma is common in southern China and South-East Asia.",
            "鼻咽癌在中国南方和东南亚较为常见。",
        ),
    ),
)

ENT_QUIZ = (
    Q(
        "single",
        T(
            "In conductive hearing loss of the left ear, where is the Weber test heard?",
            "左耳传导性听力损失时，韦伯试验的声音偏向哪里？",
        ),
        choices=(
            C(T("In the left ear", "左耳"), correct=True),
            C(T("In the right ear", "右耳")),
            C(T("In the middle of the head", "头部正中")),
            C(T("Nowhere", "听不到")),
        ),
    ),
    true_false(
        T(
            "Most anterior nosebleeds come from Little's area of the nasal septum.",
            "大多数前部鼻出血来自鼻中隔的利特尔区。",
        ),
        True,
    ),
    Q(
        "numeric",
        T(
            "What frequency, in hertz, should the tuning fork for the Rinne and Weber tests have?",
            "林纳试验和韦伯试验所用音叉的频率应为多少赫兹？",
        ),
        numeric="512",
    ),
    Q(
        "multiple",
        T("Which of these are Centor criteria?", "下列哪些属于 Centor 评分标准？"),
        choices=(
            C(T("Exudate on the tonsils", "扁桃体有渗出物"), correct=True),
            C(T("Tender anterior cervical lymph nodes", "颈前淋巴结压痛"), correct=True),
            C(T("Absence of cough", "无咳嗽"), correct=True),
            C(T("A runny nose", "流涕")),
        ),
    ),
    Q(
        "short_text",
        T(
            "Name the smallest ossicle, the one in the oval window.",
            "写出最小的听小骨，即位于卵圆窗的那一块。",
        ),
        accepted=("stapes", "stirrup", "镫骨"),
    ),
)

OTORHINOLARYNGOLOGY = CourseSpec(
    key="ent",
    title=T("Otorhinolaryngology Head and Neck Surgery", "耳鼻咽喉头颈外科学"),
    summary=T(
        "Diagnosis and first management of the common diseases of the ear, nose, throat and "
        "neck, from the tuning-fork tests to the red flags of head and neck cancer.",
        "耳、鼻、咽喉及颈部常见疾病的诊断与初步处理，从音叉试验到头颈部肿瘤的警示症状。",
    ),
    description=T(
        """\
*Otorhinolaryngology Head and Neck Surgery* is a national-level MOOC of Southwest Medical
University, taught in English. It follows a patient's path through the clinic: examining the
ear, the nose and the throat, recognising the common disorders, handling the emergencies —
a nosebleed that will not stop, an airway at risk — and knowing when a symptom may be
cancer.

It ends with a livestreamed case discussion, recorded for those who could not attend.
""",
        """\
《耳鼻咽喉头颈外科学》是西南医科大学的国家级一流 MOOC，以英文授课。课程沿着患者的就诊路径展开：\
耳、鼻、咽喉的检查，常见疾病的识别，急症的处理——止不住的鼻出血、危及气道的情况——\
以及判断何时某一症状可能意味着癌症。

课程最后是一次直播病例讨论，未能参加的同学可观看回放。
""",
    ),
    prerequisites=T(
        "Human anatomy and physiology; an introduction to clinical examination.",
        "人体解剖学和生理学；临床检查入门。",
    ),
    discipline="clinical_specialty",
    level="intermediate",
    languages=("en",),
    estimated_hours=40,
    recognition=("national_mooc",),
    access_policy="alliance_members",
    team_size=7,
    learners=52,
    changes_requested=T(
        "Please add the Chinese translation of the course's description before publication.",
        "发布前请补充课程简介的中文翻译。",
    ),
    modules=(
        ModuleSpec(
            T("The ear and hearing", "耳与听觉"),
            (
                LessonSpec("text", T("Anatomy of the ear", "耳的解剖"), ENT_EAR),
                LessonSpec("text", T("Tuning-fork tests", "音叉试验"), ENT_TUNING_FORK),
                LessonSpec(
                    "video",
                    T("Demonstration: otoscopy", "示范：耳镜检查"),
                    T(
                        "How to hold the otoscope, straighten the ear canal and describe the "
                        "tympanic membrane (14 minutes).",
                        "如何持耳镜、拉直外耳道并描述鼓膜（14 分钟）。",
                    ),
                    video_url=f"{MEDIA}/ent/otoscopy",
                    video_duration=840,
                ),
            ),
        ),
        ModuleSpec(
            T("The nose and the paranasal sinuses", "鼻与鼻窦"),
            (
                LessonSpec("text", T("Epistaxis", "鼻出血"), ENT_EPISTAXIS),
                LessonSpec("text", T("Acute rhinosinusitis", "急性鼻-鼻窦炎"), ENT_SINUSITIS),
            ),
        ),
        ModuleSpec(
            T("Throat, larynx and neck", "咽、喉与颈部"),
            (
                LessonSpec("text", T("Sore throat and tonsillitis", "咽痛与扁桃体炎"), ENT_THROAT),
                LessonSpec(
                    "reading",
                    T("Handout: red flags in the head and neck", "讲义：头颈部警示症状"),
                    T("Keep this table at hand in the clinic.", "在门诊时可随时查阅此表。"),
                    reading=ENT_READING,
                ),
                LessonSpec(
                    "live",
                    T(
                        "Live class: the hoarse patient (recording)",
                        "直播课：声音嘶哑的患者（回放）",
                    ),
                    T(
                        "A livestreamed case discussion: three patients with hoarseness, from "
                        "vocal-cord nodules to laryngeal cancer. Watch the recording.",
                        "直播病例讨论：三位声音嘶哑的患者，从声带小结到喉癌。请观看回放。",
                    ),
                    live="past",
                    meeting_url=f"{MEET}/ent-live-hoarseness",
                    recording_url=f"{MEDIA}/ent/recordings/hoarseness",
                ),
            ),
        ),
        ModuleSpec(
            ASSESSMENT,
            (
                LessonSpec(
                    "quiz",
                    T("Final quiz: otorhinolaryngology", "期末测验：耳鼻咽喉科学"),
                    questions=ENT_QUIZ,
                    pass_mark=60,
                ),
            ),
        ),
    ),
)

# --- Science of Acupuncture and Moxibustion -------------------------------------------

ACU_MERIDIANS = T(
    """\
Classical Chinese medicine describes **twelve regular meridians**, each linked with an organ
and named by the hand or the foot, by yin or yang — the Lung meridian of hand-taiyin, the
Stomach meridian of foot-yangming and so on — and **eight extraordinary vessels**, of which
two have points of their own: the **Governor Vessel** (GV) on the posterior midline and the
**Conception Vessel** (CV) on the anterior midline.

The WHO *Standard Acupuncture Point Locations in the Western Pacific Region* (2008) fixes the
locations of **361 points** on these fourteen meridians, with codes such as ST36, the 36th
point of the Stomach meridian. On this platform each code links to its point: [[ST36]],
[[LI4]], [[PC6]], [[SP6]].

Points are grouped by their use: the *five transport points* of the limbs, the *source
points*, the *back-shu points* beside the spine on the Bladder meridian and the *front-mu
points* of the chest and abdomen.
""",
    """\
中医经典理论描述了**十二正经**，每条经脉与一个脏腑相联系，并按手足、阴阳命名——\
手太阴肺经、足阳明胃经等——以及**奇经八脉**，其中两条有自己的腧穴：后正中线上的**督脉**（GV）\
和前正中线上的**任脉**（CV）。

世界卫生组织《西太平洋地区针灸穴位标准定位》（2008）规定了这十四条经脉上 **361 个穴位**的定位，\
并给出 ST36（足阳明胃经第 36 穴）这样的代码。在本平台上，每个代码都链接到对应的穴位：\
[[ST36]]、[[LI4]]、[[PC6]]、[[SP6]]。

腧穴按其用途分类：四肢的*五输穴*、*原穴*、脊柱两旁膀胱经上的*背俞穴*，以及胸腹部的*募穴*。
""",
)

ACU_LOCATION = T(
    """\
Points are located by three methods, in this order of preference:

1. **Anatomical landmarks** — [[LI4]] *Hegu* lies on the dorsum of the hand, radial to the
   midpoint of the second metacarpal bone.
2. **Proportional bone measurement (B-cun)** — a body segment is divided into the same number
   of units whatever the person's size: from the cubital crease to the palmar wrist crease is
   **12 cun**, from the popliteal crease to the prominence of the lateral malleolus **16 cun**.
3. **Finger cun (F-cun)** — the width of the patient's thumb at the interphalangeal joint is
   1 cun; the width of the four fingers together, at the middle finger's proximal
   interphalangeal joint, is 3 cun.

[[ST36]] *Zusanli*: on the anterior aspect of the leg, on the line from ST35 to ST41,
**3 B-cun below ST35**. [[PC6]] *Neiguan*: on the anterior aspect of the forearm, between the
tendons of palmaris longus and flexor carpi radialis, **2 B-cun above the palmar wrist
crease**. [[SP6]] *Sanyinjiao*: on the tibial aspect of the leg, behind the medial border of
the tibia, **3 B-cun above the prominence of the medial malleolus**.
""",
    """\
取穴有三种方法，按优先顺序为：

1. **体表解剖标志**——[[LI4]] *合谷*位于手背，第 2 掌骨中点的桡侧。
2. **骨度折量定位法（B 寸）**——无论身材高矮，同一身体部位都分为相同的等份：\
肘横纹至腕掌侧横纹为 **12 寸**，腘横纹至外踝尖为 **16 寸**。
3. **指寸定位法（F 寸）**——患者拇指指间关节的宽度为 1 寸；四指并拢，\
以中指近侧指间关节处为准，四指的宽度为 3 寸。

[[ST36]] *足三里*：在小腿前外侧，犊鼻（ST35）与解溪（ST41）连线上，**犊鼻下 3 寸**。\
[[PC6]] *内关*：在前臂前区，掌长肌腱与桡侧腕屈肌腱之间，**腕掌侧远端横纹上 2 寸**。\
[[SP6]] *三阴交*：在小腿内侧，胫骨内侧缘后际，**内踝尖上 3 寸**。
""",
)

ACU_NEEDLING = T(
    """\
**Before needling** explain the treatment and obtain consent; ask about pregnancy, bleeding
disorders, anticoagulants and pacemakers (no electro-acupuncture across the chest). Use
**sterile, single-use needles**, wash your hands and clean the skin.

**Angle of insertion**

- *perpendicular* (90°) where the muscles are thick, as at [[ST36]];
- *oblique* (about 45°) near organs and bones;
- *transverse* (about 15°) where the flesh is thin, as on the scalp at [[GV20]].

**Deqi** — a sensation of soreness, numbness, heaviness or distension around the needle — is
traditionally sought as the sign that the needle has "obtained qi".

**Adverse events**: fainting (stop, remove the needles, lay the patient flat with the legs
raised), bleeding and bruising, a stuck or bent needle, and — the most serious —
**pneumothorax** from deep needling over the chest, the upper back and the supraclavicular
fossa. [[LI4]] and [[SP6]] are traditionally avoided in pregnancy.
""",
    """\
**针刺前**向患者说明治疗并取得同意；询问是否妊娠、有无出血性疾病、是否服用抗凝药和装有起搏器\
（不可在胸部两侧之间通电针）。使用**无菌一次性针具**，洗手并消毒皮肤。

**进针角度**

- *直刺*（90°）：用于肌肉丰厚处，如 [[ST36]]；
- *斜刺*（约 45°）：用于靠近脏器和骨骼处；
- *平刺*（约 15°）：用于皮肉浅薄处，如头部的 [[GV20]]。

**得气**——针下酸、麻、重、胀的感觉——传统上被视为针刺“得气”的标志。

**不良事件**：晕针（停止针刺，起针，让患者平卧并抬高下肢）、出血和血肿、滞针或弯针，\
以及最严重的——在胸部、上背部和锁骨上窝深刺导致的**气胸**。[[LI4]] 和 [[SP6]] 传统上孕妇禁针。
""",
)

ACU_MOXIBUSTION = T(
    """\
[[HUITONG:moxibustion]] warms points by burning dried mugwort (*Artemisia argyi*, ai ye) on
or above the skin.

- **Moxa stick (suspended) moxibustion:** a lit stick held 2–3 cm above the point until the
  skin is warm and flushed.
- **Indirect moxibustion:** a cone on a slice of ginger or garlic, or on salt filling the
  umbilicus at CV8.
- **Warming-needle moxibustion:** a piece of moxa burnt on the handle of a retained needle.
- **Direct (scarring) moxibustion** is rarely used today.

Warming [[ST36]] is a classical way to strengthen a weak spleen and stomach, as in the
[[HUITONG:spleen-qi-deficiency]]. Moxibustion at BL67 *Zhiyin*, on the little toe, has been
studied for turning a breech presentation. Keep the ash off the skin, take care with patients
whose sensation is reduced (as in diabetes), and air the room.
""",
    """\
[[HUITONG:moxibustion]]通过在皮肤上或皮肤上方燃烧干燥的艾叶（*Artemisia argyi*）温热穴位。

- **艾条悬灸：**将点燃的艾条置于穴位上方 2–3 cm，至皮肤温热潮红。
- **间接灸：**艾炷置于姜片或蒜片上，或置于填满肚脐（CV8 神阙）的食盐上。
- **温针灸：**在留针的针柄上燃烧一段艾条。
- **直接灸（瘢痕灸）**如今已很少使用。

温灸 [[ST36]] 是补益脾胃虚弱的经典方法，如 [[HUITONG:spleen-qi-deficiency]]。\
灸小趾的至阴（BL67）已被研究用于纠正臀位。注意不要让艾灰落在皮肤上，\
对感觉减退的患者（如糖尿病患者）要格外小心，并保持室内通风。
""",
)

ACU_EVIDENCE = T(
    """\
- **Nausea and vomiting after surgery:** a Cochrane review (Lee and colleagues, 2015) found
  that stimulating [[PC6]] reduces nausea and vomiting compared with sham treatment, with no
  clear difference from antiemetic drugs.
- **Chronic pain:** a meta-analysis of individual data from about 18,000 patients (Vickers
  and colleagues, 2012) found acupuncture better than sham acupuncture and than no
  acupuncture for back and neck pain, osteoarthritis and chronic headache, though the
  difference from sham was modest.
- **Preventing migraine** ([[ICD11:8A80]]): a Cochrane review (Linde and colleagues, 2016)
  found that acupuncture reduces the frequency of headaches, at least as well as
  prophylactic drugs.
- **Knee osteoarthritis** ([[ICD11:FA01]]): some trials show less pain and better function;
  results vary with what acupuncture is compared to.

Outcomes such as pain are measured with validated instruments, for example the
[[HUITONG:nrs-pain]]: this is how the alliance's registry compares its sites.
""",
    """\
- **术后恶心呕吐：**一项 Cochrane 系统评价（Lee 等，2015）发现，与假治疗相比，刺激 [[PC6]] \
可减少恶心和呕吐，与止吐药之间无明显差异。
- **慢性疼痛：**一项纳入约 18 000 名患者个体数据的荟萃分析（Vickers 等，2012）发现，\
针刺治疗腰颈痛、骨关节炎和慢性头痛的效果优于假针刺和不针刺，但与假针刺的差异不大。
- **预防偏头痛**（[[ICD11:8A80]]）：一项 Cochrane 系统评价（Linde 等，2016）发现，\
针刺可减少头痛发作频率，效果至少与预防性药物相当。
- **膝骨关节炎**（[[ICD11:FA01]]）：部分试验显示疼痛减轻、功能改善；结果因对照方式而异。

疼痛等结局用经过验证的量表测量，例如 [[HUITONG:nrs-pain]]：联盟的登记系统正是借此比较各中心。
""",
)

ACU_READING = ReadingSpec(
    filename="ten-common-points.pdf",
    title=T("Locations of ten commonly used points", "十个常用腧穴的定位"),
    intro=T(
        "Locations after the WHO Standard Acupuncture Point Locations in the Western Pacific "
        "Region (2008).",
        "定位依据世界卫生组织《西太平洋地区针灸穴位标准定位》（2008）。",
    ),
    headers=("Code", "Name / 穴名", "Location"),
    rows=(
        (
            "LU7",
            "Lieque 列缺",
            "Radial forearm, between the tendons of abductor pollicis longus and "
            "extensor pollicis brevis, 1.5 B-cun above the palmar wrist crease",
        ),
        ("LI4", "Hegu 合谷", "Dorsum of the hand, radial to the midpoint of the 2nd metacarpal"),
        (
            "LI11",
            "Quchi 曲池",
            "Lateral elbow, midpoint of the line from LU5 to the lateral epicondyle of the humerus",
        ),
        ("ST25", "Tianshu 天枢", "Abdomen, 2 B-cun lateral to the centre of the umbilicus"),
        (
            "ST36",
            "Zusanli 足三里",
            "Anterior leg, on the line from ST35 to ST41, 3 B-cun below ST35",
        ),
        (
            "SP6",
            "Sanyinjiao 三阴交",
            "Tibial side of the leg, behind the medial border of the tibia, "
            "3 B-cun above the prominence of the medial malleolus",
        ),
        (
            "HT7",
            "Shenmen 神门",
            "Anteromedial wrist, radial to the flexor carpi ulnaris tendon, on "
            "the palmar wrist crease",
        ),
        (
            "PC6",
            "Neiguan 内关",
            "Anterior forearm, between the tendons of palmaris longus and "
            "flexor carpi radialis, 2 B-cun above the palmar wrist crease",
        ),
        (
            "GB20",
            "Fengchi 风池",
            "Neck, below the occipital bone, in the depression between the "
            "origins of sternocleidomastoid and trapezius",
        ),
        ("GV20", "Baihui 百会", "Head, 5 B-cun above the anterior hairline, on the midline"),
    ),
    notes=(
        T(
            "Avoid LI4 and SP6 in pregnancy. Needle GB20 towards the tip of the nose, never "
            "deep towards the medulla.",
            "孕妇禁针合谷和三阴交。风池应向鼻尖方向进针，切勿向延髓方向深刺。",
        ),
    ),
)

ACU_QUIZ = (
    Q(
        "single",
        T("Where is ST36 (Zusanli) located?", "足三里（ST36）位于何处？"),
        T(
            "ST36 lies 3 B-cun below ST35 on the line from ST35 to ST41.",
            "足三里在犊鼻与解溪连线上，犊鼻下 3 寸。",
        ),
        choices=(
            C(
                T(
                    "3 B-cun below ST35, on the line from ST35 to ST41",
                    "犊鼻下 3 寸，犊鼻与解溪连线上",
                ),
                correct=True,
            ),
            C(T("3 B-cun above the prominence of the medial malleolus", "内踝尖上 3 寸")),
            C(T("On the dorsum of the hand, radial to the 2nd metacarpal", "手背，第 2 掌骨桡侧")),
            C(T("2 B-cun above the palmar wrist crease", "腕掌侧远端横纹上 2 寸")),
        ),
    ),
    Q(
        "single",
        T("To which meridian does LI4 (Hegu) belong?", "合谷（LI4）属于哪条经脉？"),
        choices=(
            C(T("The Large Intestine meridian", "手阳明大肠经"), correct=True),
            C(T("The Lung meridian", "手太阴肺经")),
            C(T("The Stomach meridian", "足阳明胃经")),
            C(T("The Pericardium meridian", "手厥阴心包经")),
        ),
    ),
    Q(
        "multiple",
        T("Which of these points lie on the Stomach meridian?", "下列哪些穴位属于足阳明胃经？"),
        choices=(
            C(T("ST36 Zusanli", "ST36 足三里"), correct=True),
            C(T("ST25 Tianshu", "ST25 天枢"), correct=True),
            C(T("SP6 Sanyinjiao", "SP6 三阴交")),
            C(T("LI11 Quchi", "LI11 曲池")),
        ),
    ),
    true_false(
        T("LI4 (Hegu) is traditionally avoided in pregnancy.", "合谷（LI4）传统上孕妇禁针。"),
        True,
    ),
    true_false(
        T(
            "The Conception Vessel runs along the posterior midline of the body.",
            "任脉循行于人体后正中线。",
        ),
        False,
        T(
            "The Conception Vessel runs on the anterior midline, the Governor Vessel on the "
            "posterior midline.",
            "任脉循行于前正中线，督脉循行于后正中线。",
        ),
    ),
    Q(
        "numeric",
        T(
            "How many B-cun are there from the cubital crease to the palmar wrist crease?",
            "肘横纹至腕掌侧横纹为多少寸（骨度分寸）？",
        ),
        numeric="12",
    ),
    Q(
        "numeric",
        T(
            "How many points on the fourteen meridians does the WHO standard locate?",
            "世界卫生组织标准规定了十四经上多少个穴位的定位？",
        ),
        numeric="361",
    ),
    Q(
        "short_text",
        T("Give the pinyin name of PC6.", "写出 PC6 的拼音穴名。"),
        accepted=("Neiguan", "Nei Guan", "内关"),
    ),
    Q(
        "single",
        T(
            "At what angle is GV20 on the scalp usually needled?",
            "头部的百会（GV20）通常以什么角度进针？",
        ),
        choices=(
            C(T("Transversely, at about 15°", "平刺，约 15°"), correct=True),
            C(T("Obliquely, at about 45°", "斜刺，约 45°")),
            C(T("Perpendicularly, at 90°", "直刺，90°")),
        ),
    ),
    Q(
        "multiple",
        T(
            "Which signs suggest a patient is fainting during acupuncture?",
            "下列哪些表现提示患者在针刺中晕针？",
        ),
        T(
            "Stop, remove the needles and lay the patient flat with the legs raised.",
            "应停止针刺，起针，让患者平卧并抬高下肢。",
        ),
        choices=(
            C(T("Dizziness", "头晕"), correct=True),
            C(T("Pallor", "面色苍白"), correct=True),
            C(T("Cold sweat", "出冷汗"), correct=True),
            C(T("Warm, dry, flushed skin", "皮肤温暖、干燥、潮红")),
        ),
    ),
)

ACUPUNCTURE = CourseSpec(
    key="acupuncture",
    title=T("Science of Acupuncture and Moxibustion", "针灸学"),
    summary=T(
        "The meridians and the standard points, how to locate and needle them safely, "
        "moxibustion, and what the evidence says about acupuncture in common conditions.",
        "经络与标准腧穴，如何准确定位并安全针刺，灸法，以及针刺治疗常见病的证据。",
    ),
    description=T(
        """\
Taught by the College of Integration of Traditional Chinese and Western Medicine of
Southwest Medical University. The course locates the points of the WHO standard — from
[[ST36]] to [[PC6]] — practises safe needling and [[HUITONG:moxibustion]], and reads the
clinical trials with the eyes of a physician.

Every point named in a lesson links to the alliance's shared vocabulary, where it is shown in
your language.
""",
        """\
由西南医科大学中西医结合学院讲授。课程按照世界卫生组织标准定位腧穴——从 [[ST36]] 到 [[PC6]]——\
练习安全针刺和 [[HUITONG:moxibustion]]，并以临床医生的眼光解读临床试验。

课程中提到的每个穴位都链接到联盟的共享术语库，并以你的语言显示。
""",
    ),
    prerequisites=T(
        "Surface anatomy of the limbs and the trunk. The basic theory of traditional Chinese "
        "medicine helps.",
        "四肢和躯干的体表解剖。具备中医基础理论知识更佳。",
    ),
    discipline="acupuncture_moxibustion",
    level="intermediate",
    languages=("en", "zh-hans"),
    estimated_hours=48,
    recognition=("alliance_recommended",),
    access_policy="alliance_members",
    team_size=8,
    learners=104,
    lead_email="teacher@swmu.example",
    modules=(
        ModuleSpec(
            T("Meridians and points", "经络与腧穴"),
            (
                LessonSpec("text", T("The meridian system", "经络系统"), ACU_MERIDIANS),
                LessonSpec("text", T("Locating points: the cun", "腧穴定位：寸"), ACU_LOCATION),
                LessonSpec(
                    "video",
                    T("Demonstration: locating the points of the leg", "示范：下肢腧穴定位"),
                    T(
                        "ST36, SP6, GB34 and LR3 located on a volunteer, step by step "
                        "(16 minutes).",
                        "在志愿者身上逐步定位足三里、三阴交、阳陵泉和太冲（16 分钟）。",
                    ),
                    video_url=f"{MEDIA}/acupuncture/locating-leg-points",
                    video_duration=960,
                ),
            ),
        ),
        ModuleSpec(
            T("Needling", "刺法"),
            (
                LessonSpec("text", T("Safe needling", "安全针刺"), ACU_NEEDLING),
                LessonSpec(
                    "reading",
                    T("Handout: locations of ten commonly used points", "讲义：十个常用腧穴的定位"),
                    T("Print it for the practical classes.", "请打印出来，在实践课上使用。"),
                    reading=ACU_READING,
                ),
                LessonSpec(
                    "live",
                    T("Live class: needling practice and questions", "直播课：针刺练习与答疑"),
                    T(
                        "A livestreamed practical class: the lead instructor needles ST36, PC6 "
                        "and LI4 on a training model and answers your questions. Have a "
                        "practice pad ready if you have one.",
                        "直播实践课：主讲教师在训练模型上演示针刺足三里、内关和合谷，并回答大家的问题。\
如有练针垫请提前准备。",
                    ),
                    live="future",
                    meeting_url=f"{MEET}/acupuncture-live-needling",
                    required=False,
                ),
            ),
        ),
        ModuleSpec(
            T("Moxibustion and clinical practice", "灸法与临床"),
            (
                LessonSpec("text", T("Moxibustion", "灸法"), ACU_MOXIBUSTION),
                LessonSpec(
                    "text",
                    T("Acupuncture in the clinic: what the evidence says", "临床针灸：证据怎么说"),
                    ACU_EVIDENCE,
                ),
            ),
        ),
        ModuleSpec(
            ASSESSMENT,
            (
                LessonSpec(
                    "quiz",
                    T("Final quiz: acupuncture and moxibustion", "期末测验：针灸学"),
                    T(
                        "Ten questions on the whole course. You pass with 70%; you have three "
                        "attempts.",
                        "共十道题，覆盖全部课程内容。得分 70% 及以上为通过；共有三次机会。",
                    ),
                    questions=ACU_QUIZ,
                    pass_mark=70,
                ),
            ),
        ),
    ),
)

# --- Science of Chinese Tuina ---------------------------------------------------------

TUINA_WHAT = T(
    """\
[[HUITONG:tuina]] (推拿, "pushing and grasping") is the manual therapy of Chinese medicine.
Its older name, *anmo* (按摩, "pressing and rubbing"), already appears in the *Huangdi
Neijing*; under the Tang dynasty the imperial medical office had a department of massage.

Tuina acts on the meridians and points and on the muscles and joints. A treatment combines
manipulations of the soft tissues with passive movements of the joints, and often follows
the course of a meridian.

**Contraindications**: fractures, dislocations and unstable joints until they are assessed;
wounds, burns and infection of the skin at the site; a tumour at the site; bleeding
disorders and anticoagulation (caution); acute severe illness; the abdomen and the
lumbosacral region in pregnancy.
""",
    """\
[[HUITONG:tuina]]（“推”与“拿”）是中医的手法治疗。其古称*按摩*早在《黄帝内经》中已有记载；\
唐代太医署设有按摩科。

推拿作用于经络腧穴以及肌肉关节。一次治疗把软组织手法与关节被动运动结合起来，\
并常常沿经络循行施术。

**禁忌证**：骨折、脱位及未经评估的关节不稳；施术部位皮肤有伤口、烧伤或感染；施术部位有肿瘤；\
出血性疾病及服用抗凝药（慎用）；急性重症；孕妇的腹部和腰骶部。
""",
)

TUINA_MANIPULATIONS = T(
    """\
| Manipulation | Chinese | How it is done |
|---|---|---|
| Rolling | 滚法 gǔn fǎ | the back of the hand rolls over the muscles, 120–160 times a minute |
| One-finger pushing | 一指禅推法 | the thumb tip stays on a point while the wrist swings |
| Pushing | 推法 tuī fǎ | the thumb or palm pushes in a straight line along a muscle or meridian |
| Kneading | 揉法 róu fǎ | the palm or a finger presses and circles without sliding on the skin |
| Grasping | 拿法 ná fǎ | thumb and fingers lift and squeeze a muscle, as on the shoulder |
| Pressing | 按法 àn fǎ | the thumb or palm presses a point, gradually, holds, then releases |

Good technique is *lasting, forceful, even and gentle* (持久、有力、均匀、柔和), and so becomes
*penetrating* (深透).
""",
    """\
| 手法 | 名称 | 操作 |
|---|---|---|
| 滚法 | gǔn fǎ | 以手背在肌肉上来回滚动，每分钟 120–160 次 |
| 一指禅推法 | yī zhǐ chán tuī fǎ | 拇指端着力于穴位，腕部摆动 |
| 推法 | tuī fǎ | 以拇指或手掌沿肌肉或经络做直线推动 |
| 揉法 | róu fǎ | 以手掌或手指按压并做环旋运动，不在皮肤上滑动 |
| 拿法 | ná fǎ | 拇指与其余手指相对用力，提捏肌肉，如拿肩井 |
| 按法 | àn fǎ | 以拇指或手掌按压穴位，逐渐用力，持续片刻后放松 |

良好的手法要求*持久、有力、均匀、柔和*，从而达到*深透*。
""",
)

TUINA_PAIN = T(
    """\
**Low back pain** ([[ICD11:ME84.2]]) without red flags: rolling and kneading of the lumbar
muscles, pressing points such as [[BL23]] *Shenshu* and [[BL40]] *Weizhong*, then passive
movements. Look for red flags first — symptoms of cauda equina syndrome, fever, weight loss,
a history of cancer, major trauma — and never manipulate the spine of a patient with
osteoporosis without an assessment.

**Neck pain**: grasping of the muscles of the neck and the shoulders, pressing [[GB20]]
*Fengchi*, and gentle traction. Rotational manipulation of the cervical spine carries a small
risk of injury to the vertebral artery: it is left to trained practitioners.

Trials suggest that tuina relieves chronic non-specific neck and low back pain in the short
term. Measure pain with the [[HUITONG:nrs-pain]] before and after a course of treatment.
""",
    """\
无警示症状的**腰痛**（[[ICD11:ME84.2]]）：在腰部肌肉施滚法和揉法，按压 [[BL23]] *肾俞*、\
[[BL40]] *委中*等穴，再做被动运动。首先要排查警示症状——马尾综合征表现、发热、体重下降、\
癌症病史、严重外伤——骨质疏松患者未经评估绝不可做脊柱扳法。

**颈痛**：拿颈肩部肌肉，按压 [[GB20]] *风池*，并轻柔牵引。颈椎旋转扳法有损伤椎动脉的小概率风险，\
应由受过训练的医师操作。

试验表明推拿可在短期内缓解慢性非特异性颈痛和腰痛。疗程前后用 [[HUITONG:nrs-pain]] 评估疼痛。
""",
)

TUINA_CHILDREN = T(
    """\
Paediatric tuina uses light, rapid manipulations on points special to children, many of
them on the hand — such as *pí jīng* (脾经), the spleen point on the radial side of the
thumb. It is used for indigestion, diarrhoea, constipation and poor sleep in young children,
always with the parents' consent.

A child with a high fever, signs of dehydration or blood in the stool needs a doctor, not
massage.
""",
    """\
小儿推拿在儿童特有的穴位上施以轻快的手法，其中许多穴位在手部——如拇指桡侧的*脾经*。\
它用于幼儿的消化不良、腹泻、便秘和睡眠不安，且须征得家长同意。

高热、有脱水征象或大便带血的儿童需要就医，而不是推拿。
""",
)

TUINA_READING = ReadingSpec(
    filename="practising-the-manipulations.pdf",
    title=T("Practising the manipulations", "手法练习"),
    intro=T(
        "Practise each manipulation on a rice bag first, then on a partner.",
        "每种手法先在米袋上练习，再在同伴身上练习。",
    ),
    headers=("Manipulation / 手法", "Practice / 练习", "Common fault / 常见错误"),
    rows=(
        (
            "Rolling / 滚法",
            "Rice bag, 5 minutes each hand / 米袋，每手 5 分钟",
            "Dragging or hopping on the skin / 在皮肤上拖动或跳动",
        ),
        (
            "One-finger pushing / 一指禅推法",
            "Rice bag, 10 minutes / 米袋，10 分钟",
            "Thumb tip slides off the point / 拇指端滑离穴位",
        ),
        ("Kneading / 揉法", "Partner's upper back / 同伴上背部", "Rubbing the skin / 摩擦皮肤"),
        (
            "Grasping / 拿法",
            "Partner's shoulders / 同伴肩部",
            "Pinching with the fingertips / 用指尖掐",
        ),
        ("Pressing / 按法", "Partner's BL23 / 同伴肾俞", "Sudden force / 突然用力"),
    ),
    notes=(
        T(
            "Keep the shoulder relaxed and the elbow low; the force comes from the whole arm.",
            "肩部放松、沉肘，力量来自整个上肢。",
        ),
    ),
)

TUINA_QUIZ = (
    Q(
        "single",
        T(
            "Which manipulation rolls the back of the hand to and fro over the muscles?",
            "哪种手法是以手背在肌肉上来回滚动？",
        ),
        choices=(
            C(T("Rolling (gǔn fǎ)", "滚法"), correct=True),
            C(T("Grasping (ná fǎ)", "拿法")),
            C(T("Pressing (àn fǎ)", "按法")),
            C(T("Pushing (tuī fǎ)", "推法")),
        ),
    ),
    true_false(
        T("Tuina may be applied directly over a recent fracture.", "推拿可直接施于新近骨折处。"),
        False,
    ),
    Q(
        "multiple",
        T("Which of these describe good tuina technique?", "下列哪些是良好推拿手法的要求？"),
        choices=(
            C(T("Lasting", "持久"), correct=True),
            C(T("Even", "均匀"), correct=True),
            C(T("Gentle", "柔和"), correct=True),
            C(T("As fast as possible", "越快越好")),
        ),
    ),
    Q(
        "short_text",
        T("Give the pinyin name of the grasping manipulation.", "写出拿法的拼音名称。"),
        accepted=("na fa", "nafa", "拿法"),
    ),
    Q(
        "numeric",
        T(
            "How many B-cun lateral to the posterior midline is BL23 (Shenshu)?",
            "肾俞（BL23）距后正中线旁开多少寸？",
        ),
        numeric="1.5",
    ),
)

TUINA = CourseSpec(
    key="tuina",
    title=T("Science of Chinese Tuina", "中医推拿学"),
    summary=T(
        "The manipulations of Chinese therapeutic massage — rolling, pushing, kneading, "
        "grasping, pressing — and how they are used for neck and back pain and in children.",
        "中医推拿的基本手法——㨰、推、揉、拿、按——及其在颈腰痛和小儿疾病中的应用。",
    ),
    description=T(
        """\
*Science of Chinese Tuina* teaches the manual therapy of Chinese medicine from the College of
Integration of Traditional Chinese and Western Medicine. Each manipulation is shown on video
and practised first on a rice bag, then on a partner; the clinical module applies them to
neck and low back pain and to young children, with the red flags that must send a patient
elsewhere.
""",
        """\
《中医推拿学》由中西医结合学院讲授中医的手法治疗。每种手法都有视频示范，先在米袋上练习，\
再在同伴身上练习；临床模块把手法应用于颈腰痛和幼儿，并讲解必须转诊的警示症状。
""",
    ),
    prerequisites=T("Surface anatomy of the back and the limbs.", "背部和四肢的体表解剖。"),
    discipline="tuina",
    level="introductory",
    languages=("en", "zh-hans"),
    estimated_hours=32,
    recognition=(),
    access_policy="alliance_members",
    team_size=7,
    learners=42,
    modules=(
        ModuleSpec(
            T("Foundations of tuina", "推拿基础"),
            (
                LessonSpec("text", T("What tuina is", "什么是推拿"), TUINA_WHAT),
                LessonSpec(
                    "video",
                    T(
                        "Lecture: tuina from the Neijing to the clinic",
                        "讲座：从《内经》到临床的推拿",
                    ),
                    T(
                        "A 13-minute introduction to the history and principles of tuina.",
                        "13 分钟的推拿历史与原理导论。",
                    ),
                    video_url=f"{MEDIA}/tuina/introduction",
                    video_duration=780,
                ),
            ),
        ),
        ModuleSpec(
            T("Basic manipulations", "基本手法"),
            (
                LessonSpec(
                    "text", T("Six basic manipulations", "六种基本手法"), TUINA_MANIPULATIONS
                ),
                LessonSpec(
                    "video",
                    T("Demonstration: rolling and one-finger pushing", "示范：滚法与一指禅推法"),
                    T(
                        "Both manipulations shown slowly, then at working speed (15 minutes).",
                        "两种手法先慢速演示，再以正常速度演示（15 分钟）。",
                    ),
                    video_url=f"{MEDIA}/tuina/rolling-and-pushing",
                    video_duration=900,
                ),
                LessonSpec(
                    "reading",
                    T("Handout: practising the manipulations", "讲义：手法练习"),
                    T("A practice plan for the weeks of this module.", "本模块各周的练习计划。"),
                    reading=TUINA_READING,
                ),
            ),
        ),
        ModuleSpec(
            T("Tuina in the clinic", "推拿临床"),
            (
                LessonSpec(
                    "text", T("Tuina for neck and low back pain", "颈痛与腰痛的推拿"), TUINA_PAIN
                ),
                LessonSpec("text", T("Paediatric tuina", "小儿推拿"), TUINA_CHILDREN),
                LessonSpec(
                    "live",
                    T(
                        "Live class: tuina for office workers (recording)",
                        "直播课：办公室人群的推拿（回放）",
                    ),
                    T(
                        "A livestreamed class on neck and shoulder pain of people who work at "
                        "a desk, with self-massage they can do at work. Watch the recording.",
                        "直播课：伏案工作人群的颈肩痛，以及可以在工作中进行的自我按摩。请观看回放。",
                    ),
                    live="past",
                    meeting_url=f"{MEET}/tuina-live-office",
                    recording_url=f"{MEDIA}/tuina/recordings/office-workers",
                    required=False,
                ),
            ),
        ),
        ModuleSpec(
            ASSESSMENT,
            (
                LessonSpec(
                    "quiz",
                    T("Final quiz: Chinese tuina", "期末测验：中医推拿学"),
                    questions=TUINA_QUIZ,
                    pass_mark=60,
                ),
            ),
        ),
    ),
)

# --- Traditional Chinese Medicine -----------------------------------------------------

TCM_YIN_YANG = T(
    """\
**Yin and yang** name opposite and complementary aspects of every phenomenon: cold and heat,
rest and activity, the interior and the exterior. They restrain each other, depend on each
other and turn into each other; health is their balance.

The **five phases** (五行) — wood, fire, earth, metal and water — relate organs, tissues,
emotions and seasons. In the *generating* cycle each phase nourishes the next (wood → fire →
earth → metal → water → wood); in the *controlling* cycle each restrains the next but one
(wood → earth → water → fire → metal → wood).

| Phase | Zang organ | Fu organ | Sense organ | Emotion |
|---|---|---|---|---|
| Wood | liver | gallbladder | eyes | anger |
| Fire | heart | small intestine | tongue | joy |
| Earth | spleen | stomach | mouth | pensiveness |
| Metal | lung | large intestine | nose | grief |
| Water | kidney | bladder | ears | fear |
""",
    """\
**阴阳**指一切事物中相互对立又相互依存的两个方面：寒与热、静与动、内与外。\
阴阳相互制约、相互依存、相互转化；健康即阴阳平衡。

**五行**——木、火、土、金、水——把脏腑、形体、情志和季节联系起来。在*相生*关系中，\
每一行滋生下一行（木 → 火 → 土 → 金 → 水 → 木）；在*相克*关系中，每一行克制隔一位的那一行\
（木 → 土 → 水 → 火 → 金 → 木）。

| 五行 | 脏 | 腑 | 五官 | 情志 |
|---|---|---|---|---|
| 木 | 肝 | 胆 | 目 | 怒 |
| 火 | 心 | 小肠 | 舌 | 喜 |
| 土 | 脾 | 胃 | 口 | 思 |
| 金 | 肺 | 大肠 | 鼻 | 悲 |
| 水 | 肾 | 膀胱 | 耳 | 恐 |
""",
)

TCM_QI_BLOOD = T(
    """\
**Qi** is the activity that warms, moves, defends, holds in and transforms; **blood**
nourishes and moistens; the **body fluids** (*jin ye*) moisten the tissues. Qi moves the
blood, and the blood carries qi.

Deficiency of qi, stagnation of qi and qi that moves the wrong way, deficiency of blood and
stasis of blood are the basic disorders from which the patterns of the next module are built.
""",
    """\
**气**具有温煦、推动、防御、固摄和气化作用；**血**具有营养和滋润作用；**津液**滋润各组织。\
气能行血，血能载气。

气虚、气滞、气逆、血虚和血瘀，是构成下一模块各种证候的基本病理变化。
""",
)

TCM_FOUR_EXAMINATIONS = T(
    """\
1. **Inspection** (望) — the complexion, the posture and above all the **tongue**: its body
   (colour, shape) and its coating. A pale, swollen tongue with tooth marks suggests qi
   deficiency; a red tongue with little coating suggests yin deficiency.
2. **Listening and smelling** (闻) — the voice, the breathing, a cough, odours.
3. **Inquiry** (问) — the traditional "ten questions": cold and heat, sweating, the head and
   the body, stool and urine, appetite, sleep and so on.
4. **Palpation** (切) — the **pulse** at three positions on each radial artery (*cun*,
   *guan*, *chi*), felt at three depths; and palpation of the body.

The findings are put together into a **pattern** (证, *zheng*): *pattern differentiation*
(辨证) guides the treatment.
""",
    """\
1. **望诊**——面色、形态，尤其是**舌象**：舌质（颜色、形态）和舌苔。舌淡胖有齿痕提示气虚；\
舌红少苔提示阴虚。
2. **闻诊**——声音、呼吸、咳嗽、气味。
3. **问诊**——传统的“十问”：寒热、汗、头身、二便、饮食、睡眠等。
4. **切诊**——在两侧桡动脉的三个部位（寸、关、尺）以三种力度诊**脉**；以及按诊。

将所得资料综合为**证**：*辨证*指导治疗。
""",
)

TCM_PATTERNS = T(
    """\
- [[HUITONG:spleen-qi-deficiency]]: tiredness, poor appetite, a bloated abdomen after meals,
  loose stools; a pale tongue with tooth marks; a weak pulse.
- [[HUITONG:liver-yang-rising]]: headache and dizziness, irritability, a red face and red
  eyes, tinnitus; a red tongue; a wiry pulse — often seen with hypertension and with
  migraine ([[ICD11:8A80]]).
- [[HUITONG:kidney-yang-deficiency]]: a cold, aching lower back and knees, cold limbs,
  frequent clear urine at night; a pale, swollen tongue; a deep, weak pulse.
- [[HUITONG:heart-spleen-deficiency]]: palpitations, insomnia ([[ICD11:7A00]]), poor memory
  and poor appetite; a pale tongue; a thin, weak pulse.

A Western diagnosis and a TCM pattern answer different questions: the alliance's registry
records both.
""",
    """\
- [[HUITONG:spleen-qi-deficiency]]：神疲乏力，食欲不振，食后腹胀，大便溏薄；舌淡有齿痕；脉弱。
- [[HUITONG:liver-yang-rising]]：头痛眩晕，急躁易怒，面红目赤，耳鸣；舌红；脉弦——\
常见于高血压和偏头痛（[[ICD11:8A80]]）。
- [[HUITONG:kidney-yang-deficiency]]：腰膝冷痛，四肢不温，夜尿频多清长；舌淡胖；脉沉弱。
- [[HUITONG:heart-spleen-deficiency]]：心悸，失眠（[[ICD11:7A00]]），健忘，食少；舌淡；脉细弱。

西医诊断与中医证候回答的是不同的问题：联盟的登记系统两者都记录。
""",
)

TCM_HERBS = T(
    """\
Each herb is described by its **four natures** (cold, cool, warm, hot), its **five flavours**
(sour, bitter, sweet, pungent, salty), the meridians it enters and its actions. A
**formula** combines herbs by their roles: the *monarch* (君) treats the main pattern, the
*minister* (臣) helps it, the *assistant* (佐) treats secondary symptoms or tempers side
effects, and the *envoy* (使) guides and harmonises — a part often given to liquorice
(*gan cao*).

*Si Jun Zi Tang*, the Four Gentlemen Decoction — ginseng, atractylodes, poria and liquorice —
is the classical formula for the [[HUITONG:spleen-qi-deficiency]].

**Safety**

- Herbs containing **aristolochic acid** (for example *guang fang ji*) cause kidney failure
  and urothelial cancer; many countries ban them.
- Ask every patient which herbs they take: some interact with drugs — *dan shen* and
  *dang gui* can increase the effect of warfarin.
- Buy from regulated suppliers, tested for heavy metals and adulteration.
""",
    """\
每味中药以**四气**（寒、凉、温、热）、**五味**（酸、苦、甘、辛、咸）、归经和功效来描述。\
**方剂**按药物的作用配伍：*君*药针对主证，*臣*药辅助君药，*佐*药治疗兼证或制约毒副作用，\
*使*药引经和调和诸药——常由甘草担任。

*四君子汤*——人参、白术、茯苓、甘草——是治疗 [[HUITONG:spleen-qi-deficiency]] 的经典方剂。

**安全**

- 含**马兜铃酸**的中药（如广防己）可导致肾衰竭和尿路上皮癌；许多国家已禁用。
- 询问每位患者服用哪些中药：有些会与药物相互作用——丹参和当归可增强华法林的作用。
- 从受监管的供应商处购买，并经过重金属和掺假检测。
""",
)

TCM_READING = ReadingSpec(
    filename="tongue-and-pulse.pdf",
    title=T("Tongue and pulse", "舌诊与脉诊"),
    intro=T(
        "What common findings of the tongue and the pulse suggest.",
        "舌象和脉象常见表现的临床意义。",
    ),
    headers=("Finding / 表现", "Suggests / 提示"),
    rows=(
        ("Pale tongue / 舌淡", "Deficiency of qi or blood, cold / 气血不足、寒证"),
        ("Red tongue, little coating / 舌红少苔", "Yin deficiency / 阴虚"),
        ("Tooth marks / 齿痕", "Spleen qi deficiency, dampness / 脾气虚、湿盛"),
        ("Thick greasy coating / 苔厚腻", "Dampness, phlegm / 湿浊、痰饮"),
        ("Purple tongue / 舌紫暗", "Blood stasis / 血瘀"),
        ("Wiry pulse / 弦脉", "Liver disorders, pain / 肝病、痛证"),
        ("Slippery pulse / 滑脉", "Phlegm, dampness; pregnancy / 痰湿；妊娠"),
        ("Deep, weak pulse / 沉弱脉", "Deficiency of the interior / 里虚"),
    ),
    notes=(
        T(
            "Look at the tongue in daylight; coloured food and drinks change the coating.",
            "应在自然光下观察舌象；有色食物和饮料会使舌苔染色。",
        ),
    ),
)

TCM_QUIZ = (
    Q(
        "single",
        T(
            "In the generating cycle of the five phases, which phase does wood nourish?",
            "在五行相生关系中，木生哪一行？",
        ),
        choices=(
            C(T("Fire", "火"), correct=True),
            C(T("Earth", "土")),
            C(T("Metal", "金")),
            C(T("Water", "水")),
        ),
    ),
    Q(
        "single",
        T("Which fu organ is paired with the spleen?", "与脾相表里的腑是哪一个？"),
        choices=(
            C(T("The stomach", "胃"), correct=True),
            C(T("The gallbladder", "胆")),
            C(T("The small intestine", "小肠")),
            C(T("The bladder", "膀胱")),
        ),
    ),
    true_false(
        T(
            "A pale, swollen tongue with tooth marks suggests qi deficiency.",
            "舌淡胖有齿痕提示气虚。",
        ),
        True,
    ),
    Q(
        "multiple",
        T("Which herbs make up Si Jun Zi Tang?", "四君子汤由哪些药物组成？"),
        choices=(
            C(T("Ginseng (ren shen)", "人参"), correct=True),
            C(T("Atractylodes (bai zhu)", "白术"), correct=True),
            C(T("Poria (fu ling)", "茯苓"), correct=True),
            C(T("Liquorice (gan cao)", "甘草"), correct=True),
            C(T("Ephedra (ma huang)", "麻黄")),
        ),
    ),
    Q(
        "short_text",
        T(
            "What is the pinyin word for the pattern that pattern differentiation identifies?",
            "辨证所辨识的“证”，拼音怎么写？",
        ),
        accepted=("zheng", "证"),
    ),
    Q(
        "numeric",
        T("At how many positions is the pulse felt on each wrist?", "每侧手腕在几个部位诊脉？"),
        numeric="3",
    ),
)

TRADITIONAL_CHINESE_MEDICINE = CourseSpec(
    key="tcm",
    title=T("Traditional Chinese Medicine", "中医学"),
    summary=T(
        "The theory of traditional Chinese medicine for students of Western medicine: yin and "
        "yang, the five phases, the organs, the four examinations, patterns and Chinese "
        "herbal medicine.",
        "面向西医学生的中医理论：阴阳、五行、脏腑、四诊、证候与中药。",
    ),
    description=T(
        """\
*Traditional Chinese Medicine* is the College of Integration of Traditional Chinese and
Western Medicine's introduction for students and physicians trained in Western medicine. It
explains how a TCM physician thinks — from yin and yang to the patterns such as the
[[HUITONG:spleen-qi-deficiency]] — and what a Western colleague needs to know about herbs
and their safety.

The course is open to everyone, inside and outside the alliance.
""",
        """\
《中医学》是中西医结合学院为西医背景的学生和医生开设的入门课程。课程讲解中医师如何思考——\
从阴阳到 [[HUITONG:spleen-qi-deficiency]] 等证候——以及西医同行需要了解的中药及其安全性知识。

本课程向所有人开放，无论是否属于联盟。
""",
    ),
    prerequisites=T("None.", "无。"),
    discipline="tcm_theory",
    level="introductory",
    languages=("en", "zh-hans"),
    estimated_hours=40,
    recognition=("alliance_recommended",),
    access_policy="open",
    team_size=8,
    learners=88,
    modules=(
        ModuleSpec(
            T("Foundations", "基础理论"),
            (
                LessonSpec("text", T("Yin–yang and the five phases", "阴阳与五行"), TCM_YIN_YANG),
                LessonSpec("text", T("Qi, blood and body fluids", "气、血与津液"), TCM_QI_BLOOD),
                LessonSpec(
                    "video",
                    T("Lecture: thinking in patterns", "讲座：辨证思维"),
                    T(
                        "How a TCM physician goes from symptoms to a pattern, with two cases "
                        "(18 minutes).",
                        "中医师如何从症状得出证候，附两个病例（18 分钟）。",
                    ),
                    video_url=f"{MEDIA}/tcm/thinking-in-patterns",
                    video_duration=1080,
                ),
            ),
        ),
        ModuleSpec(
            T("Diagnosis", "诊断"),
            (
                LessonSpec("text", T("The four examinations", "四诊"), TCM_FOUR_EXAMINATIONS),
                LessonSpec("text", T("Common patterns", "常见证候"), TCM_PATTERNS),
                LessonSpec(
                    "reading",
                    T("Handout: tongue and pulse", "讲义：舌诊与脉诊"),
                    T("A table of common findings.", "常见表现一览表。"),
                    reading=TCM_READING,
                ),
            ),
        ),
        ModuleSpec(
            T("Treatment", "治疗"),
            (
                LessonSpec(
                    "text", T("Chinese materia medica and formulas", "中药与方剂"), TCM_HERBS
                ),
            ),
        ),
        ModuleSpec(
            ASSESSMENT,
            (
                LessonSpec(
                    "quiz",
                    T("Final quiz: traditional Chinese medicine", "期末测验：中医学"),
                    questions=TCM_QUIZ,
                    pass_mark=60,
                ),
            ),
        ),
    ),
)

COURSES = (
    MEDICAL_CELL_BIOLOGY,
    OTORHINOLARYNGOLOGY,
    ACUPUNCTURE,
    TUINA,
    TRADITIONAL_CHINESE_MEDICINE,
)
