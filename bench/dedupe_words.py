"""Word material for the duplicate benchmark's generator: common and accented first and last names,
syllables for rare surnames, company words, suffixes, free-mail domains and cities."""

TOP_FIRST = (
    'james | mary | john | patricia | robert | jennifer | michael | linda | william | elizabeth | '
    'david | barbara | richard | susan | joseph | jessica | thomas | sarah | charles | karen | '
    'christopher | nancy | daniel | lisa | matthew | betty | anthony | margaret | mark | sandra | '
    'donald | ashley | steven | kimberly | paul | emily | andrew | donna | joshua | michelle | '
    'kenneth | carol | kevin | amanda | brian | dorothy | george | melissa | timothy | deborah | '
    'ronald | stephanie | edward | rebecca | jason | sharon | jeffrey | laura | ryan | cynthia | '
    'jacob | kathleen | gary | amy | nicholas | angela | eric | shirley | jonathan | anna | '
    'stephen | brenda | larry | pamela | justin | emma | scott | nicole | brandon | helen | '
    'benjamin | samantha | samuel | katherine | gregory | christine | alexander | debra | frank | '
    'rachel | patrick | carolyn | raymond | janet | jack | catherine | dennis | maria | jerry | '
    'heather'
).split(' | ')

ACCENTED_FIRST = (
    'José | María | Zoë | François | Søren | Björn | René | André | Renée | Chloé | Jürgen | Åsa | '
    'Inés | Łukasz | Noémie'
).split(' | ')

TOP_LAST = (
    'smith | johnson | williams | brown | jones | garcia | miller | davis | rodriguez | martinez | '
    'hernandez | lopez | gonzalez | wilson | anderson | thomas | taylor | moore | jackson | martin | '
    'lee | perez | thompson | white | harris | sanchez | clark | ramirez | lewis | robinson | '
    'walker | young | allen | king | wright | scott | torres | nguyen | hill | flores | green | '
    'adams | nelson | baker | hall | rivera | campbell | mitchell | carter | roberts | gomez | '
    'phillips | evans | turner | diaz | parker | cruz | edwards | collins | reyes | stewart | '
    'morris | morales | murphy | cook | rogers | gutierrez | ortiz | morgan | cooper | peterson | '
    'bailey | reed | kelly | howard | ramos | kim | cox | ward | richardson | watson | brooks | '
    'chavez | wood | james | bennett | gray | mendoza | ruiz | hughes | price | alvarez | castillo | '
    'sanders | patel | myers | long | ross | foster | jimenez'
).split(' | ')

ACCENTED_LAST = (
    "Müller | García | López | González | Hernández | Pérez | Sánchez | Martínez | Núñez | O'Brien | "
    "O'Connor | Nowak | Kowalski | Dubois | Lefèvre | Çelik | Şahin"
).split(' | ')

SYLLABLES = (
    'ka | ven | dor | mi | lan | tor | bel | sha | ri | quin | mo | ral | cas | ter | fen | wick | '
    'ham | ston | ley | field | brook | nar | gel | vik | ott | ers'
).split(' | ')

COMPANY_WORDS = (
    'acme | globex | initech | umbrella | stark | wayne | wonka | cyberdyne | soylent | hooli | '
    'vandelay | pied | piper | northwind | contoso | fabrikam | tailspin | litware | adventure | '
    'blue | river | summit | pioneer | atlas | beacon | cedar | harbor | keystone | lighthouse | '
    'meridian | nova | orbit | pinnacle | quantum | redwood | silver | sterling | titan | vertex | '
    'zenith | apex | bright | crest | delta | ember | falcon | granite | horizon | iron | jade | '
    'lumen | maple | noble | oak | prairie'
).split(' | ')

COMPANY_KINDS = (
    'Systems | Labs | Partners | Group | Logistics | Analytics | Foods | Energy | Health | Capital | '
    'Media | Works | Design'
).split(' | ')

SUFFIXES = ('Inc. | Inc | LLC | Ltd | Ltd. | Corp. | Corporation | GmbH | Co. | Limited | S.A. | LLP').split(
    ' | '
)

FREE_MAIL = ['gmail.com', 'yahoo.com', 'hotmail.com', 'outlook.com', 'icloud.com', 'aol.com']

CITIES = (
    'Springfield | Portland | Austin | Denver | Toronto | Vancouver | Chicago | Boston | Seattle | '
    'Miami | Atlanta | Phoenix | Dallas | Ottawa | Calgary'
).split(' | ')
