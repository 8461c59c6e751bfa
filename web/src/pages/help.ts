import { html } from 'lit-html';
import { type Page } from '../app';
import { t } from '../i18n';

const office = (key: string, children: ReturnType<typeof html>) =>
  html`<section class="pa-card">
    <h3 class="ecl-u-type-heading-4">${t(`help.offices.${key}.name`)}</h3>
    ${children}
  </section>`;

/** "Besoin d'assistance ?": who answers what, from the manual's last page. */
export const help: Page = {
  path: '/help',
  title: () => t('help.title'),
  view: () => html`
    <h1 class="ecl-u-type-heading-1" tabindex="-1">${t('help.title')}</h1>
    <section>
      <h2 class="ecl-u-type-heading-2">${t('help.accountTitle')}</h2>
      <ul class="ecl-unordered-list">
        <li class="ecl-unordered-list__item">${t('help.accountQuestion1')}</li>
        <li class="ecl-unordered-list__item">${t('help.accountQuestion2')}</li>
      </ul>
      <p class="ecl-u-type-paragraph">${t('help.accountWho')}</p>
      <p class="ecl-u-type-paragraph">${t('help.accountHow')}</p>
      <p class="ecl-u-type-paragraph-lead"><a class="ecl-link" href="mailto:EC-CENTRAL-HELPDESK@ec.europa.eu">EC-CENTRAL-HELPDESK@ec.europa.eu</a></p>
      <p class="ecl-u-type-paragraph">${t('help.accountTicket')}</p>
    </section>
    <section class="ecl-u-mt-xl">
      <h2 class="ecl-u-type-heading-2">${t('help.pmoTitle')}</h2>
      <ul class="ecl-unordered-list">
        <li class="ecl-unordered-list__item">${t('help.pmoQuestion1')}</li>
        <li class="ecl-unordered-list__item">${t('help.pmoQuestion2')}</li>
      </ul>
      <p class="ecl-u-type-paragraph">${t('help.pmoWho')}</p>
      <p class="ecl-u-type-paragraph"><strong>${t('help.pmoChoose')}</strong></p>
      <div class="pa-columns pa-columns--3">
        ${office(
          'brussels',
          html`<p><strong>${t('help.atDesk')}</strong> MERO – Avenue de Tervueren 41<br />B-1040 Bruxelles</p>
            <p>${t('help.offices.brussels.deskHours')}</p>
            <p><strong>${t('help.byPhone')}</strong> <a class="ecl-link" href="tel:+3222976888">+32-2-29 76888</a></p>
            <p>${t('help.offices.brussels.phoneHours')}</p>`,
        )}
        ${office(
          'luxembourg',
          html`<p><strong>${t('help.atDesk')}</strong> Bâtiment Drosbach, DRB B2 / 085.</p>
            <p>${t('help.offices.luxembourg.deskHours')}</p>
            <p><strong>${t('help.byPhone')}</strong> <a class="ecl-link" href="tel:+352430136100">+352 4301 36100</a></p>
            <p>${t('help.offices.luxembourg.phoneHours')}</p>`,
        )}
        ${office(
          'ispra',
          html`<p><strong>${t('help.byPhone')}</strong> <a class="ecl-link" href="tel:+390332783030">+39 0332 78 30 30</a></p>
            <p>${t('help.offices.ispra.phoneHours')}</p>`,
        )}
      </div>
    </section>
  `,
};
