"""Name and company material for the demo generator (realistic, US and Canada)."""

FIRST_NAMES = (
    'James | Mary | Robert | Patricia | John | Jennifer | Michael | Linda | David | Elizabeth | '
    'William | Barbara | Richard | Susan | Joseph | Jessica | Thomas | Sarah | Charles | Karen | '
    'Daniel | Lisa | Matthew | Nancy | Anthony | Betty | Mark | Sandra | Donald | Ashley | Steven | '
    'Emily | Andrew | Kimberly | Joshua | Michelle | Kevin | Amanda | Brian | Melissa | George | '
    'Stephanie | Timothy | Rebecca | Ryan | Laura | Jacob | Sharon | Gary | Cynthia | Nicholas | '
    'Amy | Eric | Angela | Jonathan | Anna | Larry | Brenda | Justin | Emma | Scott | Olivia | '
    'Brandon | Catherine | Benjamin | Christine | Samuel | Samantha | Gregory | Debra | Alexander | '
    'Rachel | Patrick | Carolyn | Frank | Janet | Raymond | Maria | Jack | Heather | Dennis | '
    'Diane | Jerry | Julie | Tyler | Joyce | Aaron | Victoria | José | Chloé | Zoë | Renée | André | '
    'François | Siobhan | Priya | Wei | Mei | Hiroshi | Aiko | Mateo | Sofía | Lucía | Ana | Ben | '
    'Noah | Liam | Ava | Mia | Ethan | Harper'
).split(' | ')

LAST_NAMES = (
    'Smith | Johnson | Williams | Brown | Jones | Garcia | Miller | Davis | Rodriguez | Martinez | '
    'Hernandez | Lopez | Gonzalez | Wilson | Anderson | Thomas | Taylor | Moore | Jackson | Martin | '
    'Lee | Perez | Thompson | White | Harris | Sanchez | Clark | Ramirez | Lewis | Robinson | '
    'Walker | Young | Allen | King | Wright | Scott | Torres | Nguyen | Hill | Flores | Green | '
    'Adams | Nelson | Baker | Hall | Rivera | Campbell | Mitchell | Carter | Roberts | Tremblay | '
    'Gagnon | Roy | Côté | Bouchard | Gauthier | Morin | Lavoie | Fortin | Gagné | Ouellet | '
    'Pelletier | Bélanger | Lévesque | Bergeron | Leblanc | Paquette | Girard | Simard | Boucher | '
    'Caron | Beaulieu | Cloutier | Dubé | Poirier | Fournier | Lapointe | Leclerc | Lefebvre | '
    'Poulin | Thibault | St-Pierre | Nadeau | Martel | Patel | Chen | Wang | Kim | Singh | Müller | '
    "Schmidt | O'Brien | MacDonald | McKenzie | Fraser | Sullivan | Murphy | Kelly | Byrne"
).split(' | ')

COMPANY_WORDS = (
    'Northwind | Contoso | Fabrikam | Summit | Harbor | Maple | Cedar | Granite | Pioneer | '
    'Lakeside | Redwood | Silverline | Bluewater | Ironbridge | Evergreen | Westfield | Brightpath | '
    'Keystone | Oakridge | Riverstone | Highland | Prairie | Coastal | Frontier | Aurora | Beacon | '
    'Sterling | Crescent | Liberty | Union | Atlas | Vertex | Horizon | Meridian | Northstar | '
    'Pinecrest | Willow'
).split(' | ')

COMPANY_KINDS = (
    'Logistics | Dental | Roofing | Property Management | Insurance Group | Auto Repair | Bakery | '
    'Construction | Family Medicine | Landscaping | Accounting | Realty | Plumbing & Heating | '
    'Veterinary Clinic | Consulting | Electric | Fitness | Law Office'
).split(' | ')

JOB_TITLES = (
    'Owner | Office Manager | Operations Director | CFO | General Manager | Purchasing Manager | '
    'Founder | HR Lead | Practice Manager | VP Sales | Controller'
).split(' | ')

NOTES = (
    'Asked for a quote before the end of the month. | Prefers calls after 3 pm. | '
    'Met at the spring trade show; interested in bundling. | '
    'Current policy renews in the fall — call two weeks before. | '
    'Wants a comparison with their current provider. | '
    'Decision maker is the co-owner; schedule a call with both. | '
    'Left a voicemail, said to try again next week. | Budget approved for next quarter.'
).split(' | ')

COMPANY_SUFFIXES = ('Inc.', 'LLC', 'Ltd.', 'Co.', '', '', '')
US_CITIES = (
    ('Austin', 'TX', '512'),
    ('Denver', 'CO', '303'),
    ('Portland', 'OR', '503'),
    ('Columbus', 'OH', '614'),
    ('Raleigh', 'NC', '919'),
    ('Madison', 'WI', '608'),
    ('Boise', 'ID', '208'),
    ('Tampa', 'FL', '813'),
    ('Phoenix', 'AZ', '602'),
    ('Nashville', 'TN', '615'),
)
CA_CITIES = (
    ('Toronto', 'ON', '416'),
    ('Montréal', 'QC', '514'),
    ('Vancouver', 'BC', '604'),
    ('Calgary', 'AB', '403'),
    ('Ottawa', 'ON', '613'),
    ('Halifax', 'NS', '902'),
    ('Winnipeg', 'MB', '204'),
    ('Québec', 'QC', '418'),
)
TAGS = (
    ('VIP', '#dc2626'),
    ('Hot', '#ea580c'),
    ('Renewal', '#0891b2'),
    ('Referral partner', '#7c3aed'),
    ('Newsletter', '#64748b'),
    ('Spanish speaker', '#16a34a'),
    ('French speaker', '#2563eb'),
)
