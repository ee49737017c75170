import { defineInterface } from '@directus/extensions-sdk';
import OwnVersion from './own-version.vue';

// The notice at the top of a section's form: a student who opens their own published section is
// taken into their version of it (their saves wait there for the CTO), and the form says so.
export default defineInterface({
  id: 'kb-own-version',
  name: 'Правка опубликованного раздела',
  icon: 'edit_note',
  description: 'Открывает студенту его версию опубликованного раздела и говорит, куда сохраняется правка',
  component: OwnVersion,
  types: ['alias'],
  localTypes: ['presentation'],
  group: 'presentation',
  options: null,
  // The notice is its own heading; a field label («Own Version Notice») over it says nothing.
  hideLabel: true,
  hideLoader: true,
});
