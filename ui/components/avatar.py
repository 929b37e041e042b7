from nicegui import ui


def initials_avatar(initials: str, *, color: str = 'primary', size: str = 'md') -> ui.avatar:
    """A round badge with a person's initials (ui.avatar's first argument is an icon name, not text)."""
    with ui.avatar(color=color, text_color='white', size=size, font_size='0.45em') as avatar:
        ui.label(initials).classes('font-sans font-semibold tracking-wide')
    return avatar
