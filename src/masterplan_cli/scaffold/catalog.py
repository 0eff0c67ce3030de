"""The OPDs a new city repository starts with, each with one example program to copy.

The default set is the agencies most Indonesian local governments have under their usual
names (PP 18/2016 on Perangkat Daerah and the ministry's nomenclature), with the programs
typical of the first masterplans: digital public services, One Data, e-health records,
traffic control, waste banks. Together they place at least one program in every pillar of
each built-in framework, so a new repository passes `masterplan check --strict` at once.

Each program says where it belongs in each framework (pillar and element) and whether it is
that pillar's quick win; `tests/test_init.py` checks that every pillar of every framework is
covered, by kota and by kabupaten.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Text:
    """A text in Indonesian and English."""

    id: str
    en: str

    def __call__(self, language: str) -> str:
        return self.en if language == "en" else self.id


@dataclass(frozen=True)
class Placement:
    pillar: str
    element: str
    quick_win: bool = False


@dataclass(frozen=True)
class ExampleIndicator:
    name: Text
    unit: Text
    baseline: int
    target: int


@dataclass(frozen=True)
class ExampleProgram:
    name: Text
    description: Text
    placements: dict[str, Placement]  # framework id -> where the program belongs
    output: Text
    outcome: Text
    indicator: ExampleIndicator
    category: str
    innovation: str
    budget: int  # rupiah per year
    funding: tuple[str, ...] = ("apbd",)
    supporting: tuple[str, ...] = ()  # kept only for OPDs the repository has


@dataclass(frozen=True)
class KnownOpd:
    id: str
    name: Text  # the official Indonesian name, and its usual English rendering
    short_name: str
    head_title: Text
    program: ExampleProgram
    kinds: frozenset[str] = field(default_factory=lambda: frozenset({"kota", "kabupaten"}))


DINAS = Text("Kepala Dinas", "Head of Office")
BADAN = Text("Kepala Badan", "Head of Agency")
PERCENT = Text("%", "%")

CATALOG: tuple[KnownOpd, ...] = (
    KnownOpd(
        id="diskominfo",
        name=Text("Dinas Komunikasi dan Informatika", "Communication and Informatics Office"),
        short_name="Diskominfo",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Portal Layanan Publik Terpadu", "Integrated Public Service Portal"),
            description=Text(
                "Satu portal dan aplikasi seluler tempat warga mengajukan dan memantau layanan "
                "publik seluruh OPD, terhubung dengan sistem masing-masing OPD.",
                "One portal and mobile app where citizens apply for and track the public "
                "services of every agency, connected to each agency's own systems.",
            ),
            placements={
                "kominfo": Placement("governance", "service", quick_win=True),
                "cohen": Placement("governance", "online-services", quick_win=True),
            },
            output=Text(
                "Portal dan aplikasi layanan publik yang terhubung dengan sistem OPD",
                "A public service portal and app connected to the agencies' systems",
            ),
            outcome=Text(
                "Warga mengurus layanan tanpa harus datang ke kantor",
                "Citizens use public services without visiting an office",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Jumlah layanan publik yang dapat diajukan secara daring",
                    "Public services available online",
                ),
                unit=Text("layanan", "services"),
                baseline=10,
                target=60,
            ),
            category="infrastructure",
            innovation="product",
            budget=300_000_000,
            supporting=("disdukcapil", "dpmptsp"),
        ),
    ),
    KnownOpd(
        id="bappeda",
        name=Text("Badan Perencanaan Pembangunan Daerah", "Regional Development Planning Agency"),
        short_name="Bappeda",
        head_title=BADAN,
        program=ExampleProgram(
            name=Text("Satu Data Daerah", "Regional One Data"),
            description=Text(
                "Penerapan Satu Data Indonesia di daerah: daftar data prioritas, standar data "
                "dan metadata, serta Forum Satu Data yang menjadikan data yang sama dasar "
                "perencanaan seluruh OPD.",
                "One Data Indonesia in the region: a list of priority data, data and metadata "
                "standards, and a One Data Forum, so that every agency plans from the same data.",
            ),
            placements={
                "kominfo": Placement("governance", "policy"),
                "cohen": Placement("governance", "open-government"),
            },
            output=Text(
                "Daftar data prioritas, standar data dan metadata yang ditetapkan Forum Satu Data",
                "Priority data, data standards and metadata adopted by the One Data Forum",
            ),
            outcome=Text(
                "Perencanaan pembangunan memakai data yang sama di seluruh OPD",
                "Development planning uses the same data across all agencies",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase data prioritas yang memenuhi prinsip Satu Data",
                    "Priority data meeting the One Data principles",
                ),
                unit=PERCENT,
                baseline=20,
                target=90,
            ),
            category="superstructure",
            innovation="method",
            budget=150_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="bapenda",
        name=Text("Badan Pendapatan Daerah", "Regional Revenue Agency"),
        short_name="Bapenda",
        head_title=BADAN,
        program=ExampleProgram(
            name=Text("Pembayaran Pajak Daerah Non-Tunai", "Cashless Local Tax Payments"),
            description=Text(
                "Pembayaran PBB-P2 dan pajak daerah lainnya melalui QRIS, bank, kantor pos dan "
                "gerai ritel, dengan tanda bukti elektronik yang tercatat seketika.",
                "Property tax and other local taxes paid through QRIS, banks, post offices and "
                "retail outlets, with an electronic receipt recorded at once.",
            ),
            placements={
                "kominfo": Placement("economy", "transaction", quick_win=True),
                "cohen": Placement("economy", "productivity", quick_win=True),
            },
            output=Text(
                "Kanal pembayaran pajak daerah non-tunai yang terhubung dengan kas daerah",
                "Cashless local tax payment channels connected to the regional treasury",
            ),
            outcome=Text(
                "Wajib pajak membayar lebih mudah dan penerimaan tercatat seketika",
                "Taxpayers pay more easily and revenue is recorded at once",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase penerimaan pajak daerah melalui kanal non-tunai",
                    "Local tax revenue received through cashless channels",
                ),
                unit=PERCENT,
                baseline=35,
                target=85,
            ),
            category="infrastructure",
            innovation="technology",
            budget=200_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="disdukcapil",
        name=Text(
            "Dinas Kependudukan dan Pencatatan Sipil",
            "Population and Civil Registration Office",
        ),
        short_name="Disdukcapil",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text(
                "Identitas Kependudukan Digital dan Adminduk Daring",
                "Digital Identity and Online Civil Registration",
            ),
            description=Text(
                "Aktivasi Identitas Kependudukan Digital (IKD) dan layanan akta serta dokumen "
                "kependudukan yang dapat diajukan dan dicetak mandiri.",
                "Activation of the Digital Population Identity (IKD), and civil registration "
                "documents that citizens can apply for and print themselves.",
            ),
            placements={
                "kominfo": Placement("governance", "service"),
                "cohen": Placement("governance", "online-services"),
            },
            output=Text(
                "Layanan dokumen kependudukan daring dan anjungan cetak mandiri",
                "Online civil registration services and self-service printing kiosks",
            ),
            outcome=Text(
                "Warga memperoleh dokumen kependudukan tanpa antre",
                "Citizens get their civil registration documents without queuing",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase penduduk wajib KTP yang telah mengaktifkan IKD",
                    "Residents of ID-card age who have activated the IKD",
                ),
                unit=PERCENT,
                baseline=5,
                target=50,
            ),
            category="infrastructure",
            innovation="technology",
            budget=150_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dpmptsp",
        name=Text(
            "Dinas Penanaman Modal dan Pelayanan Terpadu Satu Pintu",
            "Investment and One-Stop Integrated Service Office",
        ),
        short_name="DPMPTSP",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Perizinan Berusaha Terintegrasi", "Integrated Business Licensing"),
            description=Text(
                "Layanan perizinan daerah yang terhubung dengan OSS-RBA, dengan status "
                "permohonan yang dapat dilacak pemohon dan peta peluang investasi daerah.",
                "Local licensing connected to the national OSS-RBA system, with applications "
                "that applicants can track, and a map of the region's investment opportunities.",
            ),
            placements={
                "kominfo": Placement("branding", "business"),
                "cohen": Placement("economy", "entrepreneurship"),
            },
            output=Text(
                "Perizinan daerah yang terhubung dengan OSS-RBA dan peta peluang investasi",
                "Licensing connected to OSS-RBA and a map of investment opportunities",
            ),
            outcome=Text(
                "Iklim investasi daerah yang lebih mudah dan pasti",
                "A simpler and more predictable investment climate",
            ),
            indicator=ExampleIndicator(
                name=Text("Rata-rata waktu penerbitan izin", "Average time to issue a licence"),
                unit=Text("hari", "days"),
                baseline=14,
                target=3,
            ),
            category="superstructure",
            innovation="method",
            budget=150_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dinkes",
        name=Text("Dinas Kesehatan", "Health Office"),
        short_name="Dinkes",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text(
                "Rekam Medis Elektronik Puskesmas",
                "Electronic Medical Records in Health Centres",
            ),
            description=Text(
                "Rekam medis elektronik di seluruh puskesmas yang terhubung dengan platform "
                "SATUSEHAT, sehingga riwayat kesehatan pasien tersedia di setiap fasilitas.",
                "Electronic medical records in every community health centre (puskesmas), "
                "connected to the national SATUSEHAT platform, so that a patient's history is "
                "available at every facility.",
            ),
            placements={
                "kominfo": Placement("living", "health", quick_win=True),
                "cohen": Placement("living", "health", quick_win=True),
            },
            output=Text(
                "Rekam medis elektronik di seluruh puskesmas",
                "Electronic medical records in every health centre",
            ),
            outcome=Text(
                "Pasien dilayani lebih cepat dan riwayat kesehatannya tidak hilang",
                "Patients are served faster and their health records are never lost",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase puskesmas yang menerapkan rekam medis elektronik",
                    "Health centres using electronic medical records",
                ),
                unit=PERCENT,
                baseline=20,
                target=100,
            ),
            category="infrastructure",
            innovation="technology",
            budget=250_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="disdik",
        name=Text("Dinas Pendidikan", "Education Office"),
        short_name="Disdik",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Sekolah Digital", "Digital Schools"),
            description=Text(
                "Platform belajar daring, perpustakaan digital dan pelatihan guru untuk SD dan "
                "SMP negeri dan swasta.",
                "An online learning platform, a digital library and teacher training for public "
                "and private primary and junior secondary schools.",
            ),
            placements={
                "kominfo": Placement("society", "learning", quick_win=True),
                "cohen": Placement("people", "education", quick_win=True),
            },
            output=Text(
                "Platform belajar daring dan perpustakaan digital sekolah",
                "An online learning platform and a digital school library",
            ),
            outcome=Text(
                "Siswa dan guru memanfaatkan sumber belajar digital setiap hari",
                "Pupils and teachers use digital learning resources every day",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase sekolah yang memanfaatkan platform belajar digital",
                    "Schools using the digital learning platform",
                ),
                unit=PERCENT,
                baseline=25,
                target=90,
            ),
            category="infrastructure",
            innovation="technology",
            budget=200_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dinsos",
        name=Text("Dinas Sosial", "Social Affairs Office"),
        short_name="Dinsos",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text(
                "Pemutakhiran Data Kesejahteraan Sosial Berbasis NIK",
                "ID-based Social Welfare Data",
            ),
            description=Text(
                "Pemutakhiran data keluarga penerima bantuan sosial yang dipadankan dengan NIK, "
                "agar bantuan tepat sasaran.",
                "Updating the data of families receiving social assistance, matched with their "
                "national identity numbers (NIK), so that assistance reaches the right people.",
            ),
            placements={
                "kominfo": Placement("economy", "welfare"),
                "cohen": Placement("people", "inclusion"),
            },
            output=Text(
                "Data penerima bantuan sosial yang mutakhir dan padan dengan NIK",
                "Up-to-date social assistance data matched with identity numbers",
            ),
            outcome=Text(
                "Bantuan sosial tepat sasaran",
                "Social assistance reaches the right people",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase data penerima bantuan sosial yang padan dengan NIK",
                    "Social assistance records matched with identity numbers",
                ),
                unit=PERCENT,
                baseline=70,
                target=100,
            ),
            category="superstructure",
            innovation="method",
            budget=100_000_000,
            supporting=("disdukcapil",),
        ),
    ),
    KnownOpd(
        id="dishub",
        name=Text("Dinas Perhubungan", "Transportation Office"),
        short_name="Dishub",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text(
                "Pengendalian Lalu Lintas Terpadu (ATCS)",
                "Area Traffic Control System (ATCS)",
            ),
            description=Text(
                "Lampu lalu lintas di simpang utama yang dikendalikan dan dipantau dari satu "
                "ruang kendali, dengan kamera pemantau dan informasi lalu lintas bagi warga.",
                "Traffic lights at the main junctions controlled and monitored from one control "
                "room, with cameras and traffic information for citizens.",
            ),
            placements={
                "kominfo": Placement("living", "mobility"),
                "cohen": Placement("mobility", "integrated-ict", quick_win=True),
            },
            output=Text(
                "Simpang utama yang terhubung dengan ruang kendali ATCS",
                "Main junctions connected to the ATCS control room",
            ),
            outcome=Text(
                "Waktu tempuh di jalan utama lebih singkat",
                "Shorter travel times on the main roads",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Jumlah simpang yang dikendalikan ATCS",
                    "Junctions controlled by the ATCS",
                ),
                unit=Text("simpang", "junctions"),
                baseline=2,
                target=12,
            ),
            category="infrastructure",
            innovation="technology",
            budget=400_000_000,
            funding=("apbd", "apbn"),
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="disperkim",
        name=Text(
            "Dinas Perumahan Rakyat dan Kawasan Permukiman",
            "Housing and Settlement Areas Office",
        ),
        short_name="Disperkim",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text(
                "Sistem Informasi Perumahan dan Permukiman",
                "Housing and Settlement Information System",
            ),
            description=Text(
                "Peta digital rumah tidak layak huni, kawasan kumuh dan prasarana permukiman "
                "sebagai dasar penetapan sasaran bantuan perbaikan rumah.",
                "A digital map of unfit housing, slum areas and neighbourhood infrastructure, on "
                "which housing improvement assistance is targeted.",
            ),
            placements={
                "kominfo": Placement("living", "harmony"),
                "cohen": Placement("environment", "green-planning"),
            },
            output=Text(
                "Peta digital rumah tidak layak huni dan kawasan kumuh",
                "A digital map of unfit housing and slum areas",
            ),
            outcome=Text(
                "Bantuan perbaikan rumah tepat sasaran",
                "Housing assistance reaches the right households",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase rumah tidak layak huni yang terpetakan secara digital",
                    "Unfit houses mapped digitally",
                ),
                unit=PERCENT,
                baseline=30,
                target=100,
            ),
            category="infrastructure",
            innovation="technology",
            budget=150_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dpupr",
        name=Text(
            "Dinas Pekerjaan Umum dan Penataan Ruang",
            "Public Works and Spatial Planning Office",
        ),
        short_name="DPUPR",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Sistem Informasi Tata Ruang Daring", "Online Spatial Planning Information"),
            description=Text(
                "Rencana tata ruang dan rencana detail tata ruang (RDTR) yang dapat dilihat "
                "warga dan investor di peta daring, terhubung dengan perizinan.",
                "The spatial plan and the detailed spatial plans (RDTR) on an online map that "
                "citizens and investors can consult, connected to licensing.",
            ),
            placements={
                "kominfo": Placement("living", "harmony"),
                "cohen": Placement("environment", "green-planning"),
            },
            output=Text(
                "Peta tata ruang daring yang memuat RDTR",
                "An online spatial planning map with the RDTR",
            ),
            outcome=Text(
                "Pemanfaatan ruang sesuai rencana tata ruang",
                "Land use follows the spatial plan",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Jumlah RDTR yang dapat diakses daring",
                    "Detailed spatial plans available online",
                ),
                unit=Text("dokumen", "plans"),
                baseline=0,
                target=3,
            ),
            category="infrastructure",
            innovation="technology",
            budget=200_000_000,
            supporting=("diskominfo", "dpmptsp"),
        ),
    ),
    KnownOpd(
        id="dlh",
        name=Text("Dinas Lingkungan Hidup", "Environment Office"),
        short_name="DLH",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Bank Sampah Digital", "Digital Waste Banks"),
            description=Text(
                "Aplikasi bank sampah tempat warga menabung sampah terpilah dan melihat "
                "saldonya, serta data timbulan sampah per kelurahan atau desa.",
                "A waste bank app where citizens deposit sorted waste and see their balance, "
                "with data on the waste produced in each neighbourhood or village.",
            ),
            placements={
                "kominfo": Placement("environment", "waste", quick_win=True),
                "cohen": Placement("environment", "green-planning", quick_win=True),
            },
            output=Text(
                "Aplikasi bank sampah dan data timbulan sampah",
                "A waste bank app and data on the waste produced",
            ),
            outcome=Text("Sampah yang dibuang ke TPA berkurang", "Less waste goes to the landfill"),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase sampah yang terkelola melalui bank sampah",
                    "Waste handled through waste banks",
                ),
                unit=PERCENT,
                baseline=5,
                target=25,
            ),
            category="infrastructure",
            innovation="technology",
            budget=150_000_000,
            funding=("apbd", "csr"),
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dispar",
        name=Text("Dinas Pariwisata", "Tourism Office"),
        short_name="Dispar",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Portal Pariwisata dan Kalender Event", "Tourism Portal and Events Calendar"),
            description=Text(
                "Portal dan media sosial resmi yang memuat destinasi, kuliner, penginapan dan "
                "kalender event daerah, dikelola bersama pelaku wisata.",
                "An official portal and social media presence with the region's destinations, "
                "food, lodging and events calendar, run together with the tourism businesses.",
            ),
            placements={
                "kominfo": Placement("branding", "tourism", quick_win=True),
                "cohen": Placement("living", "culture"),
            },
            output=Text(
                "Portal pariwisata dan kalender event daerah",
                "A tourism portal and the region's events calendar",
            ),
            outcome=Text(
                "Kunjungan wisatawan dan lama tinggal meningkat",
                "More visitors, staying longer",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Jumlah destinasi dan event yang dipromosikan di portal",
                    "Destinations and events promoted on the portal",
                ),
                unit=Text("entri", "entries"),
                baseline=0,
                target=100,
            ),
            category="infrastructure",
            innovation="product",
            budget=150_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="bpbd",
        name=Text("Badan Penanggulangan Bencana Daerah", "Regional Disaster Management Agency"),
        short_name="BPBD",
        head_title=BADAN,
        program=ExampleProgram(
            name=Text("Sistem Peringatan Dini Bencana", "Disaster Early Warning System"),
            description=Text(
                "Sirene, pesan singkat dan media sosial yang menyampaikan peringatan dini "
                "banjir, longsor dan gempa kepada warga di wilayah rawan bencana.",
                "Sirens, text messages and social media that warn citizens in hazard-prone areas "
                "of floods, landslides and earthquakes.",
            ),
            placements={
                "kominfo": Placement("society", "security"),
                "cohen": Placement("living", "safety"),
            },
            output=Text(
                "Jaringan peringatan dini di wilayah rawan bencana",
                "An early warning network in hazard-prone areas",
            ),
            outcome=Text(
                "Warga di wilayah rawan bencana sempat menyelamatkan diri",
                "People in hazard-prone areas have time to reach safety",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase wilayah rawan bencana yang terjangkau peringatan dini",
                    "Hazard-prone areas reached by the early warning system",
                ),
                unit=PERCENT,
                baseline=10,
                target=80,
            ),
            category="infrastructure",
            innovation="technology",
            budget=250_000_000,
            funding=("apbd", "apbn"),
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="satpolpp",
        name=Text("Satuan Polisi Pamong Praja", "Civil Service Police Unit"),
        short_name="Satpol PP",
        head_title=Text("Kepala Satuan", "Head of Unit"),
        program=ExampleProgram(
            name=Text("Pengaduan Ketertiban Umum Daring", "Online Public Order Reports"),
            description=Text(
                "Kanal pengaduan gangguan ketertiban umum yang diteruskan ke petugas lapangan, "
                "dengan foto, lokasi dan status tindak lanjut yang dapat dilihat pelapor.",
                "A channel for reporting public order problems, passed on to officers in the "
                "field, with photos, locations and a follow-up status the reporter can see.",
            ),
            placements={
                "kominfo": Placement("society", "security"),
                "cohen": Placement("living", "safety"),
            },
            output=Text(
                "Kanal pengaduan ketertiban umum yang terhubung dengan petugas lapangan",
                "A public order reporting channel connected to officers in the field",
            ),
            outcome=Text(
                "Gangguan ketertiban umum ditangani lebih cepat",
                "Public order problems are dealt with faster",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase aduan ketertiban umum yang ditindaklanjuti paling lama 3 hari",
                    "Public order reports followed up within 3 days",
                ),
                unit=PERCENT,
                baseline=50,
                target=90,
            ),
            category="superstructure",
            innovation="method",
            budget=75_000_000,
            supporting=("diskominfo",),
        ),
    ),
    KnownOpd(
        id="dpmd",
        name=Text(
            "Dinas Pemberdayaan Masyarakat dan Desa",
            "Community and Village Empowerment Office",
        ),
        short_name="DPMD",
        head_title=DINAS,
        program=ExampleProgram(
            name=Text("Sistem Informasi Desa", "Village Information System"),
            description=Text(
                "Situs web dan data desa yang mutakhir di setiap desa, memuat profil, APBDes dan "
                "layanan administrasi desa.",
                "An up-to-date website and data for every village, with its profile, its budget "
                "(APBDes) and its administrative services.",
            ),
            placements={
                "kominfo": Placement("society", "community"),
                "cohen": Placement("people", "inclusion"),
            },
            output=Text(
                "Situs web dan data desa di setiap desa",
                "A website and village data for every village",
            ),
            outcome=Text(
                "Pemerintahan desa lebih terbuka bagi warganya",
                "Village governments are more open to their citizens",
            ),
            indicator=ExampleIndicator(
                name=Text(
                    "Persentase desa yang memiliki situs web dan data desa mutakhir",
                    "Villages with a website and up-to-date village data",
                ),
                unit=PERCENT,
                baseline=20,
                target=100,
            ),
            category="infrastructure",
            innovation="technology",
            budget=100_000_000,
            funding=("apbd", "other"),
            supporting=("diskominfo",),
        ),
        kinds=frozenset({"kabupaten"}),  # a kota has kelurahan, not desa
    ),
)

BY_ID: dict[str, KnownOpd] = {opd.id: opd for opd in CATALOG}


def default_opds(kind: str) -> tuple[str, ...]:
    """The OPD ids a new repository gets when none are named, for a kota or a kabupaten."""
    return tuple(opd.id for opd in CATALOG if kind in opd.kinds)


# A program for a pillar that none of the chosen OPDs' examples covers: a placeholder that says
# so, owned by one of the chosen OPDs.
PLACEHOLDER_PROGRAM = Text("Contoh Program {pillar}", "Example {pillar} Program")
PLACEHOLDER_DESCRIPTION = Text(
    "Ganti dengan program OPD ini untuk pilar {pillar}: masalah yang diselesaikan, sasaran, "
    "dan cara kerjanya.",
    "Replace with this OPD's program for the {pillar} pillar: the problem it solves, who it "
    "serves, and how it works.",
)
# Each starts with "Contoh"/"Example" so that MP252 lists it until it is rewritten.
PLACEHOLDER_OUTPUT = Text("Contoh keluaran program", "Example output of the program")
PLACEHOLDER_OUTCOME = Text("Contoh hasil yang dirasakan warga", "Example result citizens feel")
PLACEHOLDER_INDICATOR = ExampleIndicator(
    Text("Contoh indikator keberhasilan program", "Example indicator of the program's success"),
    PERCENT,
    0,
    100,
)
PLACEHOLDER_OPD_NAME = Text("OPD {id}", "OPD {id}")


@dataclass(frozen=True)
class PillarExample:
    """Commented examples in a new `pillars/<pillar>.yaml`: one of each list's items."""

    issue: Text
    goal: Text
    strategy: Text
    indicator: Text
    unit: Text
    baseline: float
    target: float


INDEX = Text("indeks", "index")

PILLAR_EXAMPLES: dict[str, PillarExample] = {
    "governance": PillarExample(
        issue=Text(
            "Layanan publik masih banyak yang harus diurus secara tatap muka dan belum "
            "terintegrasi antar-OPD.",
            "Many public services still require a visit to an office and are not integrated across agencies.",
        ),
        goal=Text(
            "Meningkatnya kualitas pelayanan publik yang terintegrasi dan mudah diakses.",
            "Integrated public services that are easy to reach.",
        ),
        strategy=Text(
            "Mengintegrasikan layanan OPD ke dalam satu portal layanan publik.",
            "Bring the agencies' services together in one public service portal.",
        ),
        indicator=Text("Indeks SPBE", "E-government (SPBE) index"),
        unit=INDEX,
        baseline=2.1,
        target=3.0,
    ),
    "branding": PillarExample(
        issue=Text(
            "Potensi wisata dan produk unggulan daerah belum dikenal luas.",
            "The region's attractions and leading products are little known.",
        ),
        goal=Text(
            "Meningkatnya kunjungan wisatawan dan citra daerah.",
            "More visitors and a stronger image of the region.",
        ),
        strategy=Text(
            "Mempromosikan destinasi dan event daerah secara digital bersama pelaku wisata.",
            "Promote destinations and events online together with tourism businesses.",
        ),
        indicator=Text("Jumlah kunjungan wisatawan", "Tourist visits"),
        unit=Text("kunjungan", "visits"),
        baseline=250000,
        target=400000,
    ),
    "economy": PillarExample(
        issue=Text(
            "UMKM belum banyak memanfaatkan pemasaran dan pembayaran digital.",
            "Few small businesses use online marketing and digital payments.",
        ),
        goal=Text(
            "Meningkatnya daya saing UMKM dan transaksi non-tunai.",
            "More competitive small businesses and more cashless transactions.",
        ),
        strategy=Text(
            "Mendampingi UMKM masuk ke lokapasar dan memakai QRIS.",
            "Help small businesses onto online marketplaces and QRIS payments.",
        ),
        indicator=Text(
            "Jumlah UMKM yang memakai pembayaran digital",
            "Small businesses using digital payments",
        ),
        unit=Text("UMKM", "businesses"),
        baseline=500,
        target=3000,
    ),
    "living": PillarExample(
        issue=Text(
            "Data layanan kesehatan, transportasi dan permukiman belum saling terhubung.",
            "Data on health, transport and housing services are not connected.",
        ),
        goal=Text(
            "Meningkatnya kualitas layanan kesehatan dan kenyamanan hidup warga.",
            "Better health services and a more liveable region.",
        ),
        strategy=Text(
            "Memanfaatkan data terpadu untuk layanan kesehatan dan transportasi.",
            "Use shared data for health and transport services.",
        ),
        indicator=Text(
            "Indeks Kepuasan Masyarakat terhadap layanan kesehatan",
            "Citizen satisfaction with health services",
        ),
        unit=INDEX,
        baseline=78,
        target=88,
    ),
    "society": PillarExample(
        issue=Text(
            "Literasi digital warga belum merata antarwilayah dan antarkelompok usia.",
            "Digital literacy is uneven across areas and age groups.",
        ),
        goal=Text(
            "Meningkatnya literasi digital dan partisipasi warga.",
            "Greater digital literacy and citizen participation.",
        ),
        strategy=Text(
            "Menyelenggarakan pelatihan literasi digital bersama komunitas dan sekolah.",
            "Run digital literacy training with communities and schools.",
        ),
        indicator=Text("Indeks Literasi Digital", "Digital Literacy Index"),
        unit=INDEX,
        baseline=3.4,
        target=3.8,
    ),
    "environment": PillarExample(
        issue=Text(
            "Sampah yang dibuang ke TPA terus bertambah dan pemilahan dari sumber masih rendah.",
            "Ever more waste goes to the landfill, and little is sorted at source.",
        ),
        goal=Text("Berkurangnya sampah yang dibuang ke TPA.", "Less waste sent to the landfill."),
        strategy=Text(
            "Mengembangkan bank sampah dan pemilahan sampah rumah tangga.",
            "Develop waste banks and sorting in households.",
        ),
        indicator=Text("Persentase sampah yang terkelola", "Waste managed"),
        unit=PERCENT,
        baseline=60,
        target=80,
    ),
    "mobility": PillarExample(
        issue=Text(
            "Simpang utama macet pada jam sibuk dan angkutan umum belum terintegrasi.",
            "The main junctions are congested at peak hours and public transport is not integrated.",
        ),
        goal=Text(
            "Meningkatnya kelancaran lalu lintas dan penggunaan angkutan umum.",
            "Smoother traffic and more use of public transport.",
        ),
        strategy=Text(
            "Mengendalikan lalu lintas dari ruang kendali dan menyediakan informasi angkutan "
            "umum secara daring.",
            "Control traffic from a control room and publish public transport information online.",
        ),
        indicator=Text(
            "Kecepatan rata-rata di jalan utama pada jam sibuk",
            "Average peak-hour speed on the main roads",
        ),
        unit=Text("km/jam", "km/h"),
        baseline=20,
        target=30,
    ),
    "people": PillarExample(
        issue=Text(
            "Kesenjangan keterampilan digital antara pelajar, pekerja dan warga lanjut usia.",
            "A digital skills gap between students, workers and older citizens.",
        ),
        goal=Text(
            "Meningkatnya keterampilan digital dan inklusi warga.",
            "Better digital skills and a more inclusive society.",
        ),
        strategy=Text(
            "Menyediakan pembelajaran digital di sekolah dan pusat kegiatan belajar masyarakat.",
            "Provide digital learning in schools and community learning centres.",
        ),
        indicator=Text("Indeks Literasi Digital", "Digital Literacy Index"),
        unit=INDEX,
        baseline=3.4,
        target=3.8,
    ),
}
# A pillar a city adds to its framework (`add pillar`) has no examples of its own: these fit any.
ANY_PILLAR = PillarExample(
    issue=Text(
        "Layanan di bidang ini belum terhubung dan datanya tersebar di beberapa OPD.",
        "Services in this field are not connected and their data is spread across agencies.",
    ),
    goal=Text(
        "Meningkatnya mutu layanan di bidang ini bagi warga.",
        "Better services in this field for citizens.",
    ),
    strategy=Text(
        "Menghubungkan layanan dan data OPD yang terkait dalam satu sistem.",
        "Connect the services and data of the agencies involved in one system.",
    ),
    indicator=Text("Tingkat kepuasan warga", "Citizen satisfaction"),
    unit=PERCENT,
    baseline=60,
    target=80,
)


def pillar_example(pillar_id: str) -> PillarExample:
    return PILLAR_EXAMPLES.get(pillar_id, ANY_PILLAR)
