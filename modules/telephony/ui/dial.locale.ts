/** Words of click-to-call and the recordings player (Ukrainian first, English second). */
export const uk = {
  dial: {
    call: 'Подзвонити',
    callNumber: 'Подзвонити на {{number}}',
    calling: 'Дзвонимо… Спершу задзвонить ваш телефон.',
    failed: 'Не вдалося подзвонити',
    pbxDown: 'АТС зараз недоступна, спробуйте пізніше',
    noPbx: 'підключення до АТС вимкнено',
    noExtension: 'у вашому профілі немає внутрішнього номера — зверніться до адміністратора',
  },
  recording: {
    label: 'Запис розмови',
    play: 'Прослухати запис',
  },
  recordTimeline: {
    recording: 'Запис розмови',
    call_recording_listened: 'Прослухано запис розмови',
    call_recording_purged: 'Запис видалено: минув строк зберігання',
    filter: { recording: 'Записи' },
  },
}

export const en: typeof uk = {
  dial: {
    call: 'Call',
    callNumber: 'Call {{number}}',
    calling: 'Calling… Your phone rings first.',
    failed: 'Could not place the call',
    pbxDown: 'the phone system is unavailable now, try again later',
    noPbx: 'the phone system connector is disabled',
    noExtension: 'your profile has no phone extension: ask the administrator',
  },
  recording: {
    label: 'Call recording',
    play: 'Listen to the recording',
  },
  recordTimeline: {
    recording: 'Call recording',
    call_recording_listened: 'Recording listened to',
    call_recording_purged: 'Recording removed: retention passed',
    filter: { recording: 'Recordings' },
  },
}
