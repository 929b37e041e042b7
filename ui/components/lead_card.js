// One lead card, drawn in the browser from plain data: a single NiceGUI element per card instead of ~10
// keeps a 100-card board cheap to build, to update live and to hold in memory per connected browser.
// Text is interpolated with {{ }} (escaped by Vue): user data never becomes HTML.
export default {
  template: `
    <div class="lead-card w-full rounded-lg bg-white border border-slate-200 px-3 py-2 cursor-pointer
                hover:shadow-md hover:border-slate-300 transition-shadow flex flex-col gap-0.5"
         @click="open">
      <div class="flex items-start justify-between gap-2 flex-nowrap">
        <a :href="href" class="text-sm font-semibold text-slate-900 leading-snug break-words min-w-0 no-underline"
           @click.prevent>{{ card.name }}</a>
        <span v-if="card.owner_initials" :title="'Owner: ' + card.owner_name"
              class="shrink-0 rounded-full bg-slate-200 text-slate-700 text-[10px] font-semibold w-6 h-6
                     flex items-center justify-center">{{ card.owner_initials }}</span>
      </div>
      <div v-if="card.company" class="text-xs text-slate-500 leading-tight">{{ card.company }}</div>
      <div v-if="card.tags.length" class="flex flex-wrap gap-1 mt-1">
        <span v-for="tag in card.tags" :key="tag.name" class="text-[11px] px-1.5 rounded text-white leading-4"
              :style="{ backgroundColor: tag.color }">{{ tag.name }}</span>
      </div>
      <div class="flex items-center gap-1 mt-1 flex-nowrap min-h-6">
        <span v-if="card.due_text" class="text-xs rounded px-1" :class="tones[card.due_tone]"
              :data-due="card.due_tone">{{ card.due_text }}</span>
        <span class="flex-grow"></span>
        <button v-for="action in card.actions" :key="action.key" type="button" :title="action.title"
                :data-card-action="action.key" @click.stop="$emit('action', action.key)"
                class="lead-card-action inline-flex items-center gap-0.5 text-xs font-medium text-indigo-700
                       hover:bg-indigo-50 rounded px-1.5 py-0.5">
          <i class="q-icon material-icons text-sm" aria-hidden="true">{{ action.icon }}</i>{{ action.label }}
        </button>
        <a v-if="card.phone" :href="'tel:' + card.phone" :title="'Call ' + card.phone" @click.stop
           class="lead-card-call text-slate-400 hover:text-blue-600 leading-none p-1 rounded">
          <i class="q-icon material-icons text-base" aria-hidden="true">call</i>
        </a>
      </div>
      <span v-if="card.claim_text" class="lead-card-claim self-start text-[11px] text-indigo-800 bg-indigo-50
                                          rounded px-1.5">{{ card.claim_text }}</span>
    </div>`,
  props: {
    card: Object,
  },
  data() {
    return {
      tones: {
        overdue: "text-red-700 bg-red-50",
        today: "text-amber-800 bg-amber-50",
        later: "text-slate-600",
        none: "text-slate-400",
      },
    };
  },
  computed: {
    href() {
      return (window.path_prefix || "") + "/leads/" + this.card.id;
    },
  },
  methods: {
    open(event) {
      if (event.ctrlKey || event.metaKey) window.open(this.href, "_blank");
      else window.location.href = this.href;
    },
  },
};
