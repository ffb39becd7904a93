"""Static tables the seed draws from: cities, artist and venue names, label translations."""

# (name, state, country, timezone, latitude, longitude, population)
CITIES = [
    ("New York", "NY", "US", "America/New_York", 40.7505, -73.9934, 8800000),
    ("Los Angeles", "CA", "US", "America/Los_Angeles", 34.0430, -118.2673, 3900000),
    ("Chicago", "IL", "US", "America/Chicago", 41.8807, -87.6742, 2700000),
    ("Houston", "TX", "US", "America/Chicago", 29.7508, -95.3621, 2300000),
    ("Phoenix", "AZ", "US", "America/Phoenix", 33.4457, -112.0712, 1600000),
    ("Philadelphia", "PA", "US", "America/New_York", 39.9012, -75.1720, 1600000),
    ("Seattle", "WA", "US", "America/Los_Angeles", 47.6221, -122.3540, 750000),
    ("Denver", "CO", "US", "America/Denver", 39.7487, -105.0077, 715000),
    ("Boston", "MA", "US", "America/New_York", 42.3662, -71.0621, 675000),
    ("Nashville", "TN", "US", "America/Chicago", 36.1593, -86.7785, 690000),
    ("Atlanta", "GA", "US", "America/New_York", 33.7573, -84.3963, 500000),
    ("Miami", "FL", "US", "America/New_York", 25.7814, -80.1870, 450000),
    ("Toronto", "ON", "CA", "America/Toronto", 43.6435, -79.3791, 2790000),
    ("Montreal", "QC", "CA", "America/Toronto", 45.4960, -73.5693, 1760000),
    ("Vancouver", "BC", "CA", "America/Vancouver", 49.2778, -123.1089, 660000),
    ("Mexico City", "CMX", "MX", "America/Mexico_City", 19.4042, -99.0970, 9200000),
    ("Guadalajara", "JAL", "MX", "America/Mexico_City", 20.6810, -103.4626, 1400000),
    ("Monterrey", "NLE", "MX", "America/Monterrey", 25.6866, -100.3161, 1100000),
]

VENUE_WORDS = [
    "Harbour Hall",
    "Arena",
    "Amphitheatre",
    "Garden",
    "Coliseum",
    "Pavilion",
    "Ballroom",
    "Music Hall",
    "Stadium",
    "Theatre",
]

ARTIST_FIRST = [
    "Nova",
    "Harbor",
    "Echo",
    "Velvet",
    "Crimson",
    "Silver",
    "Golden",
    "Midnight",
    "Paper",
    "Neon",
    "Lunar",
    "Static",
    "Wild",
    "Quiet",
    "Electric",
    "Ocean",
    "Sol",
    "Maple",
    "Aurora",
    "Borealis",
]
ARTIST_SECOND = ["Lane", "Lights", "Park", "Rivers", "Tide", "Foxes", "Hearts", "Arcade", "Kites", "Bloom"]

LABELS = {
    "email": {"en": "Email", "fr": "Courriel", "es": "Correo"},
    "phone": {"en": "Mobile phone", "fr": "Cellulaire", "es": "Celular"},
    "market": {"en": "Pick a city", "fr": "Choisissez une ville", "es": "Elige una ciudad"},
    "optional_markets": {"en": "Other cities", "fr": "Autres villes", "es": "Otras ciudades"},
    "ticket_count": {"en": "How many tickets?", "fr": "Combien de billets?", "es": "¿Cuántos boletos?"},
    "allow_marketing": {"en": "Send me news", "fr": "Envoyez-moi des nouvelles", "es": "Envíame noticias"},
    "name": {"en": "Your name", "fr": "Votre nom", "es": "Tu nombre"},
    "zip": {"en": "Postal code", "fr": "Code postal", "es": "Código postal"},
}

TEXT = {
    "en": ("Sign up now", "When is the presale?", "Soon"),
    "fr": ("Inscrivez-vous", "Quand est la prévente?", "Bientôt"),
    "es": ("Regístrate ahora", "¿Cuándo es la preventa?", "Pronto"),
}

FIRST_NAMES = [
    "Sam",
    "Alex",
    "Jordan",
    "Taylor",
    "Morgan",
    "Casey",
    "Riley",
    "Jamie",
    "Avery",
    "Quinn",
    "Maria",
    "José",
    "Chloé",
    "Léa",
    "Noah",
    "Emma",
]
LAST_NAMES = [
    "Sample",
    "Rivera",
    "Nguyen",
    "Smith",
    "Tremblay",
    "García",
    "Martin",
    "Lee",
    "Brown",
    "Roy",
    "López",
    "Patel",
]
