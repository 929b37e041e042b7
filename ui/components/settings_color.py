"""A color swatch button that opens a palette plus a free color field (stages and tags)."""

from collections.abc import Awaitable, Callable

from nicegui import ui

from services.labels import PALETTE


def swatch_style(color: str) -> str:
    return f'background-color: {color}'


def color_button(
    color: str,
    on_pick: Callable[[str], Awaitable[None]],
    *,
    marker: str,
    label: str = 'Change color',
) -> ui.button:
    """A round swatch; choosing a color awaits `on_pick('#rrggbb')` (the caller validates and saves).

    The palette options are marked `{marker}-option-<hex without #>` for tests and carry a
    `data-color` attribute for the browser."""
    # color=None: Quasar's bg-primary class is !important and would hide the swatch's own color
    button = (
        ui.button(color=None)
        .props(f'round unelevated size=sm aria-label="{label}" data-color={color}')
        .style(swatch_style(color))
        .classes('shrink-0 border border-slate-300')
        .mark(marker)
        .tooltip(label)
    )
    with button, ui.menu().props('anchor="bottom left" self="top left"') as menu:

        async def pick(value: str) -> None:
            menu.close()
            await on_pick(value)

        with ui.column().classes('p-3 gap-2'):
            ui.label('Pick a color').classes('text-xs text-slate-500')
            with ui.grid(columns=6).classes('gap-2'):
                for option in PALETTE:
                    ui.button(
                        color=None,
                        on_click=lambda _, c=option: pick(c),
                    ).props(
                        f'round unelevated size=sm aria-label="Color {option}" data-color-option={option[1:]}'
                    ).style(swatch_style(option)).classes(
                        'ring-2 ring-offset-1 ring-slate-700' if option == color.lower() else ''
                    ).mark(f'{marker}-option-{option[1:]}')
            with ui.row().classes('items-center gap-1 no-wrap'):
                custom = (
                    ui.input('Or a color code', value=color)
                    .props('dense outlined')
                    .classes('w-36')
                    .mark(f'{marker}-custom')
                )

                async def apply_custom() -> None:
                    await pick(custom.value or '')

                custom.on('keydown.enter', apply_custom)
                ui.button(icon='check', on_click=apply_custom).props(
                    'flat round dense aria-label="Use this color"'
                ).mark(f'{marker}-apply')
    return button
