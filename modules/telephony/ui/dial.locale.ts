/** Words of click-to-call and the recordings player (Ukrainian first, English second). */
export const uk = {
  dial: {
    call: 'Подзвонити',
    callNumber: 'Подзвонити на {{number}}',
    calling: 'Дзвонимо… Спершу задзвонить ваш телефон.',
    failed: 'Не вдалося подзвонити',
  },
  recording: {
    label: 'Запис розмови',
    play: 'Прослухати запис',
  },
}

export const en: typeof uk = {
  dial: {
    call: 'Call',
    callNumber: 'Call {{number}}',
    calling: 'Calling… Your phone rings first.',
    failed: 'Could not place the call',
  },
  recording: {
    label: 'Call recording',
    play: 'Listen to the recording',
  },
}
