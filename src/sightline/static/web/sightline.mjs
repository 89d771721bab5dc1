// Sightline's only script: mark the page as able to run GOV.UK Frontend, then start its
// components (header menu, error summary focus, password reveal, …).
// A module file, not inline, because the Content-Security-Policy allows scripts from 'self'
// only; browsers that cannot run modules never run it and get the plain, no-JS pages.
import { initAll } from "../govuk/govuk-frontend.min.js";
import { startIdleWarning } from "./idle.mjs";

document.body.className += " js-enabled govuk-frontend-supported";
startIdleWarning(); // signed-in pages only: warns before the idle timeout signs the user out
initAll();
